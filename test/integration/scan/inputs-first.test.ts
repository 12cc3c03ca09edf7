import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stepIO, type StepIO } from '../../../packages/core/src/actions/index.ts';
import { recordingLogger } from '../../harness/step-io.ts';
import { contextFromEnv } from '../../../packages/core/src/context/index.ts';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { scanStep } from '../../../packages/core/src/steps/scan/index.ts';
import { startGitHubApi, type GitHubApi } from '../../harness/github-api.ts';
import { startAssetServer, type AssetServer } from '../../harness/scanners.ts';

// Issue 17 item 0, in process: a bad input costs no download, no request and no log line.
let dir: string;
let mirror: AssetServer;
let api: GitHubApi;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-scan-inputs-first-'));
  mirror = await startAssetServer(dir);
  api = await startGitHubApi({ tokens: ['ghs_token'], releases: { 'acme/app': [{ tag: 'v1.0.0' }] } });
});
afterAll(async () => {
  await api?.stop();
  await mirror?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function io(inputs: Record<string, string>, said: string[]): StepIO {
  const env = {
    RUNNER_TEMP: dir,
    GITHUB_API_URL: api.url,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_NAME: 'release',
    GITHUB_REF: 'refs/tags/v1.0.0',
  };
  const all: Record<string, string> = {
    'image-ref': '127.0.0.1:1/acme/app:1.0.0',
    'trivy-url': mirror.urlTemplate,
    'syft-url': mirror.urlTemplate,
    'github-token': 'ghs_token',
    'release-assets': 'true',
    ...inputs,
  };
  const log = (line: string) => void said.push(line);
  return stepIO({
    read: (name) => all[name] ?? '',
    env,
    context: contextFromEnv(env, { release: { tag_name: 'v1.0.0' } }),
    log: { ...recordingLogger(), info: log, notice: log, warning: log, error: log, mask: () => {} },
    now: () => new Date(),
    sleep: async () => void said.push('slept'),
  });
}

describe('scanStep refuses bad inputs before it downloads, asks or logs anything', () => {
  test.each([
    ['severity', { severity: 'maybe' }],
    ['image-ref', { 'image-ref': 'ghcr.io/acme/app@sha256:1234' }],
    ['cache', { cache: 'on' }],
    ['fail-on', { 'fail-on': 'high-ish' }],
    ['db-max-age', { 'db-max-age': 'forever' }],
    ['registry-password', { 'registry-username': 'octocat' }],
  ])('%s', async (name, inputs) => {
    const said: string[] = [];
    const error = await scanStep(io(inputs, said)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(name);
    expect(said).toEqual([]);
    expect(mirror.requests).toEqual([]);
    expect(api.requests).toEqual([]);
  });
});
