import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { uploadReleaseAssets, type ReleaseAssetsRequest } from '../../../packages/core/src/scan/index.ts';
import { startGitHubApi, type GitHubApi } from '../../harness/github-api.ts';

let dir: string;
let files: string[];
let api: GitHubApi;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-release-assets-'));
  files = [
    join(dir, '01-acme-app-linux-amd64.spdx.json'),
    join(dir, '01-acme-app-linux-amd64.cdx.json'),
    join(dir, 'trivy.sarif'),
  ];
  await writeAll('first run');
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await api?.stop();
});

async function writeAll(run: string) {
  for (const file of files) await writeFile(file, JSON.stringify({ file, run }));
}

async function start(options: Parameters<typeof startGitHubApi>[0] = {}) {
  api = await startGitHubApi({
    tokens: ['ghs_contentsWrite', 'ghs_contentsRead'],
    readOnlyContentsTokens: ['ghs_contentsRead'],
    releases: { 'acme/app': [{ tag: 'v1.2.3' }, { tag: 'v2.0.0-rc.1', draft: true }] },
    ...options,
  });
  return api;
}

const request = (overrides: Partial<ReleaseAssetsRequest> = {}): ReleaseAssetsRequest => ({
  apiUrl: api.url,
  token: 'ghs_contentsWrite',
  repository: 'acme/app',
  tag: 'v1.2.3',
  files,
  ...overrides,
});

describe('release assets against the REST API simulator', () => {
  test("the SBOMs and the SARIF are attached to the tag's release, byte for byte, through its upload_url", async () => {
    await start();
    const result = await uploadReleaseAssets(request(), { fetch });
    expect(result).toMatchObject({ kind: 'uploaded', releaseId: 1 });
    const [release] = api.releases;
    expect(release!.assets.map((a) => a.name)).toEqual([
      '01-acme-app-linux-amd64.spdx.json',
      '01-acme-app-linux-amd64.cdx.json',
      'trivy.sarif',
    ]);
    for (const [i, file] of files.entries()) expect(release!.assets[i]!.bytes.equals(await readFile(file))).toBe(true);
    expect(release!.assets.map((a) => a.contentType)).toEqual([
      'application/json',
      'application/json',
      'application/sarif+json',
    ]);
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(
      Array(3).fill('/repos/acme/app/releases/1/assets'),
    );
  });

  test('a re-run replaces the assets of the same name, and leaves others alone', async () => {
    await start();
    await uploadReleaseAssets(request(), { fetch });
    await uploadReleaseAssets(request({ files: [join(dir, 'trivy.sarif')] }), { fetch });
    await writeAll('second run');
    const rerun = await uploadReleaseAssets(request(), { fetch });
    expect(rerun.kind === 'uploaded' && rerun.assets.map((a) => a.replaced)).toEqual([true, true, true]);
    const [release] = api.releases;
    expect(release!.assets).toHaveLength(3);
    for (const file of files) {
      const asset = release!.assets.find((a) => file.endsWith(a.name));
      expect(JSON.parse(asset!.bytes.toString())).toEqual({ file, run: 'second run' });
    }
    expect(api.requests.filter((r) => r.method === 'DELETE')).toHaveLength(4);
  });

  test('an asset a parallel job uploaded after we read the release (422 already_exists) is replaced too', async () => {
    await start();
    let raced = false;
    const racing: typeof fetch = async (url, init) => {
      if (!raced && init?.method === 'POST') {
        raced = true;
        const upload = `${String(url).split('?')[0]}?name=${encodeURIComponent('01-acme-app-linux-amd64.spdx.json')}`;
        const headers = { authorization: 'Bearer ghs_contentsWrite', 'content-type': 'application/json' };
        await fetch(upload, { method: 'POST', headers, body: 'the other job' });
      }
      return fetch(url, init);
    };
    const result = await uploadReleaseAssets(request(), { fetch: racing });
    expect(result.kind === 'uploaded' && result.assets[0]).toMatchObject({
      name: '01-acme-app-linux-amd64.spdx.json',
      replaced: true,
    });
    const spdx = api.releases[0]!.assets.filter((a) => a.name === '01-acme-app-linux-amd64.spdx.json');
    expect(spdx).toHaveLength(1);
    expect(spdx[0]!.bytes.equals(await readFile(files[0]!))).toBe(true);
  });

  test('no release for the tag, or only a draft one: a result saying so, and nothing uploaded', async () => {
    await start();
    expect(await uploadReleaseAssets(request({ tag: 'v9.9.9' }), { fetch })).toEqual({
      kind: 'no-release',
      tag: 'v9.9.9',
    });
    expect(await uploadReleaseAssets(request({ tag: 'v2.0.0-rc.1' }), { fetch })).toEqual({
      kind: 'no-release',
      tag: 'v2.0.0-rc.1',
    });
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test('a token without contents: write fails naming the permission, and attaches nothing', async () => {
    await start();
    const error = await uploadReleaseAssets(request({ token: 'ghs_contentsRead' }), { fetch }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'release assets: GitHub refused an asset upload in acme/app ' +
        '(HTTP 403: Resource not accessible by integration). ' +
        'The job needs `permissions: contents: write` to attach release assets (and a github-token that has it).',
    );
    expect(api.releases[0]!.assets).toEqual([]);
  });
});
