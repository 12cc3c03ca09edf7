import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { buildStep } from '../../../packages/core/src/steps/build/index.ts';
import { fakeDocker, type FakeDocker } from '../../harness/fake-docker.ts';
import { testIO } from '../../harness/step-io.ts';

/**
 * Bad input fails the build step with one error naming the input, before any builder starts:
 * `docker` on PATH records every call, and none may arrive.
 */
let docker: FakeDocker;
let dir: string;
beforeEach(() => {
  docker = fakeDocker('0.20.0');
  dir = mkdtempSync(join(tmpdir(), 'build-inputs-'));
  vi.stubEnv('PATH', `${docker.bin}:${process.env.PATH ?? ''}`);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const env = () => ({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', RUNNER_TEMP: dir });
const base = { context: '.', tags: 'ghcr.io/acme/app:1.0.0', push: 'false', cache: 'none' };

test('good input starts the builder (so the silence below means something)', async () => {
  await buildStep(testIO({ inputs: base, env: env() })).catch(() => undefined);
  expect(docker.calls().map((argv) => argv.slice(0, 2).join(' '))).toContain('buildx build');
});

test.each<[string, Record<string, string>, RegExp]>([
  ['push: maybe', { push: 'maybe' }, /^input "push": is not a boolean \(value: "maybe"\)/],
  ['load: ten', { load: 'ten' }, /^input "load": is not a boolean/],
  ['no-cache: -1', { 'no-cache': '-1' }, /^input "no-cache": is not a boolean/],
  ['summary: maybe', { summary: 'maybe' }, /^input "summary": is not a boolean/],
  ['an unknown engine', { engine: 'kaniko' }, /^input "engine": is not one of the accepted values/],
  ['an unknown cache', { cache: 's3' }, /^input "cache": is not one of the accepted values/],
  ['a tag with a space', { tags: 'ghcr.io/acme/my app:1' }, /^input "tags"/],
  ['push-by-digest without an image', { 'push-by-digest': 'true', tags: '' }, /^input "/],
])('%s fails naming the input, before any builder starts', async (_name, inputs, message) => {
  const failure = buildStep(testIO({ inputs: { ...base, ...inputs }, env: env() }));
  await expect(failure).rejects.toThrow(message);
  await expect(failure).rejects.toBeInstanceOf(InputError);
  expect(docker.calls()).toEqual([]);
});
