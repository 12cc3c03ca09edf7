import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { readOnlyTokenReason, shapeSarif, uploadSarif, type Finding } from '../../../packages/core/src/scan/index.ts';
import { startGitHubApi, type GitHubApi } from '../../harness/github-api.ts';

const finding: Finding = {
  vulnerabilityId: 'CVE-2099-1001',
  pkgName: 'busybox',
  installedVersion: '1.36.1-r15',
  fixedVersion: '1.36.1-r16',
  severity: 'CRITICAL',
  title: 't',
  description: 'd',
  url: '',
  target: 'x',
  class: 'os-pkgs',
  pkgPath: '',
};
const { sarif } = shapeSarif(
  [{ category: 'trivy/acme/app/linux-amd64/', findings: [finding], imageLocation: 'ghcr.io/acme/app' }],
  { toolVersion: '0.74.0' },
);
let api: GitHubApi | undefined;
afterEach(async () => api?.stop());

const request = (token: string) => ({
  apiUrl: api!.url,
  token,
  repository: 'acme/app',
  commitSha: 'a'.repeat(40),
  ref: 'refs/heads/main',
  sarif,
  startedAt: new Date('2026-11-26T00:00:00Z'),
  toolName: 'Trivy',
  checkoutUri: '/home/runner/work/app',
});
const sleeps: number[] = [];
const deps = {
  fetch,
  sleep: async (ms: number) => void sleeps.push(ms),
  pollDelaysMs: [5_000, 15_000, 35_000, 75_000, 155_000],
};

describe('SARIF upload against the GitHub API simulator', () => {
  test('the body decodes to the shaped SARIF and the status is polled until complete', async () => {
    api = await startGitHubApi({
      tokens: ['ghs_write'],
      repositories: { 'acme/app': { full_name: 'acme/app' } },
      codeScanning: { pendingPolls: 2 },
    });
    sleeps.length = 0;
    const result = await uploadSarif(request('ghs_write'), deps);
    expect(result).toEqual({ id: '1-upload', status: 'complete', errors: [] });
    const [upload] = api.sarifUploads;
    expect(JSON.parse(gunzipSync(Buffer.from(upload!.body.sarif, 'base64')).toString())).toEqual(sarif);
    expect(upload!.body).toMatchObject({
      commit_sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      tool_name: 'Trivy',
      started_at: '2026-11-26T00:00:00.000Z',
      checkout_uri: '/home/runner/work/app',
    });
    expect(upload!.polls).toBe(3);
    expect(sleeps).toEqual([5_000, 15_000, 35_000]);
  });
  test("processing errors come back as failed with GitHub's errors", async () => {
    api = await startGitHubApi({
      tokens: ['ghs_write'],
      repositories: { 'acme/app': {} },
      codeScanning: { errors: ['locationFromSarifResult: expected artifact location'] },
    });
    expect(await uploadSarif(request('ghs_write'), deps)).toMatchObject({
      status: 'failed',
      errors: ['locationFromSarifResult: expected artifact location'],
    });
  });
  test('polling that never completes is pending (the action warns)', async () => {
    api = await startGitHubApi({
      tokens: ['ghs_write'],
      repositories: { 'acme/app': {} },
      codeScanning: { pendingPolls: 99 },
    });
    expect((await uploadSarif(request('ghs_write'), deps)).status).toBe('pending');
  });
  test('403 and 404 name the cause', async () => {
    api = await startGitHubApi({
      tokens: ['ghs_read', 'ghs_write'],
      repositories: { 'acme/app': {} },
      codeScanning: { readOnlyTokens: ['ghs_read'], disabled: ['acme/app'] },
    });
    await expect(uploadSarif(request('ghs_read'), deps)).rejects.toThrow(
      /refused \(403\) \(GitHub: Resource not accessible by integration\): .*security-events: write/,
    );
    await expect(uploadSarif(request('ghs_write'), deps)).rejects.toThrow(
      /failed \(404\).*code scanning is not enabled/,
    );
  });
});

describe('read-only tokens are recognised before uploading', () => {
  const pr = (head: string | null) => ({
    pull_request: { head: { repo: head && { full_name: head } }, base: { repo: { full_name: 'acme/app' } } },
  });
  test.each([
    [
      'fork pull request',
      { eventName: 'pull_request', actor: 'octocat', payload: pr('someone/app') },
      /fork \(someone\/app\)/,
    ],
    [
      'pull request from a deleted fork',
      { eventName: 'pull_request', actor: 'octocat', payload: pr(null) },
      /deleted repository/,
    ],
    ['Dependabot', { eventName: 'push', actor: 'dependabot[bot]', payload: {} }, /Dependabot/],
  ])('%s', (_n, event, reason) => expect(readOnlyTokenReason(event)).toMatch(reason));
  test.each([
    ['same-repository pull request', { eventName: 'pull_request', actor: 'octocat', payload: pr('acme/app') }],
    ['push', { eventName: 'push', actor: 'octocat', payload: {} }],
  ])('%s may upload', (_n, event) => expect(readOnlyTokenReason(event)).toBeUndefined());
});
