import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { metaStep } from '../../../packages/core/src/steps/meta/index.ts';
import { testIO } from '../../harness/step-io.ts';

/**
 * The meta step's one request (the repository facts a payload lacks) is runStep's, made after it
 * asks the step for its token: bad input must fail that call, and the step writes no bake file.
 * test/e2e/meta-action.test.ts checks the same through the bundle against the API simulator.
 */
const base = { images: 'ghcr.io/acme/widget', tags: 'type=ref,event=branch', 'github-token': 'ghs_token' };

test.each<[string, Record<string, string>, Record<string, string>, RegExp]>([
  ['summary: maybe', { summary: 'maybe' }, {}, /^input "summary": is not a boolean \(value: "maybe"\)/],
  ['an unknown date-source', { 'date-source': 'ten' }, {}, /^input "date-source"/],
  ['an unknown tag type', { tags: 'type=nope' }, {}, /^input "tags": unknown tag type "nope"/],
  ['a short sha length of -1', {}, { DOCKER_METADATA_SHORT_SHA_LENGTH: '-1' }, /DOCKER_METADATA_SHORT_SHA_LENGTH/],
  ['DOCKER_METADATA_SET_OUTPUT_ENV=maybe', {}, { DOCKER_METADATA_SET_OUTPUT_ENV: 'maybe' }, /is not a boolean/],
])('%s fails before the token is handed out, and writes nothing', async (_name, inputs, extraEnv, message) => {
  const dir = mkdtempSync(join(tmpdir(), 'meta-inputs-'));
  const io = testIO({ inputs: { ...base, ...inputs }, env: { RUNNER_TEMP: dir, ...extraEnv } });
  expect(() => metaStep.contextOptions.token?.(io.read, io.env)).toThrow(message);
  await expect(metaStep(io)).rejects.toBeInstanceOf(InputError);
  expect(readdirSync(dir)).toEqual([]);
});

test('good input hands out the token and writes the bake files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'meta-inputs-'));
  const io = testIO({ inputs: base, env: { RUNNER_TEMP: dir } });
  expect(metaStep.contextOptions.token?.(io.read, io.env)).toBe('ghs_token');
  await metaStep(io);
  expect(readdirSync(dir)).toContain('docker-metadata-action-bake.json');
});
