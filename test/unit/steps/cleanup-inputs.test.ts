import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { testIO } from '../../harness/step-io.ts';
import { cleanupStep } from '../../../packages/core/src/steps/cleanup/index.ts';
import { startGhcrSimulator, type GhcrSimulator } from '../../harness/ghcr-simulator.ts';

/**
 * Bad input fails the cleanup step with one error naming the input, before its first request:
 * the simulator records every request, and none may arrive.
 */
let sim: GhcrSimulator;
let dir: string;
beforeEach(async () => {
  sim = await startGhcrSimulator({
    tokens: { admin: { login: 'octocat', canDelete: true } },
    owners: { acme: 'Organization' },
  });
  sim.addVersion('acme', 'app', { digest: `sha256:${'1'.repeat(64)}`, tags: ['latest'] });
  dir = mkdtempSync(join(tmpdir(), 'cleanup-inputs-'));
});
afterEach(async () => {
  await sim.stop();
});

const io = (inputs: Record<string, string>) =>
  testIO({ inputs, env: { GITHUB_API_URL: sim.url, GITHUB_REPOSITORY_OWNER: 'acme', RUNNER_TEMP: dir } });

const base = { token: 'admin', packages: 'app', registry: '127.0.0.1:1', 'upload-artifact': 'false' };

test.each<[string, Record<string, string>, RegExp]>([
  ['a negative keep-n-tagged', { 'keep-n-tagged': '-1' }, /input "keep-n-tagged": "-1" is not a whole number/],
  ['a non-numeric keep-n-untagged', { 'keep-n-untagged': 'five' }, /input "keep-n-untagged"/],
  [
    'an unknown policy field',
    { policy: 'protect-tags: [latest]\nkeep-n-taged: 10' },
    /input "policy": has unknown field "keep-n-taged"/,
  ],
  [
    'a negative keep-n-tagged in a policy',
    { policy: 'keep-n-tagged: -3' },
    /input "policy": keep-n-tagged must be at least 0/,
  ],
  [
    'a policy file that does not exist',
    { 'policy-file': 'nowhere.yml' },
    /input "policy-file": names a file that does not exist/,
  ],
  ['upload-artifact that is not a boolean', { 'upload-artifact': 'yes' }, /input "upload-artifact": is not a boolean/],
  ['dry-run that is not a boolean', { 'dry-run': 'maybe' }, /input "dry-run": is not a boolean/],
  ['no packages', { packages: '' }, /input "packages": is empty/],
  [
    'a registry URL instead of a host',
    { registry: 'https://ghcr.io/acme' },
    /input "registry": is not a registry host/,
  ],
  ['a plan file that is no plan', { 'plan-file': 'PLAN' }, /input "plan-file": is not JSON/],
])('%s fails before the first request, naming the input', async (_name, inputs, message) => {
  writeFileSync(join(dir, 'PLAN'), 'not json');
  const resolved = Object.fromEntries(
    Object.entries({ ...base, ...inputs }).map(([k, v]) => [k, v === 'PLAN' ? join(dir, 'PLAN') : v]),
  );
  await expect(cleanupStep(io(resolved))).rejects.toThrow(message);
  expect(sim.requests).toEqual([]);
});

test('a 100 KiB token is refused at once, naming token, without quoting it', async () => {
  const token = 'x'.repeat(100 * 1024);
  const stepIO = io({ ...base, token });
  const failure = cleanupStep(stepIO);
  await expect(failure).rejects.toThrow(/input "token": is 102400 characters long/);
  await expect(failure).rejects.not.toThrow(/xxxxxxxxxx/);
  expect(stepIO.log.lines).toContain(`mask ${token}`);
  expect(sim.requests).toEqual([]);
});

test('a token with a line break is refused before any request', async () => {
  await expect(cleanupStep(io({ ...base, token: 'ghp_abc\nghp_def' }))).rejects.toThrow(
    /input "token": holds spaces, line breaks/,
  );
  expect(sim.requests).toEqual([]);
});
