import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../../packages/core/src/ghcr/github-octokit.ts';
import { PackagesAccessError, PackagesClient } from '../../../packages/core/src/ghcr/packages-client.ts';
import type { PackageRef } from '../../../packages/core/src/ghcr/package-owner.ts';
import { startGhcrSimulator, type GhcrSimulator, type SimulatorOptions } from '../../harness/ghcr-simulator.ts';

let sim: GhcrSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const OWNERS = { acme: 'Organization', octocat: 'User' } as const;
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

async function setup(options: Partial<SimulatorOptions> = {}, token = 'admin', retryAfterScale = 10) {
  sim = await startGhcrSimulator({
    tokens: { admin: { login: 'octocat', canDelete: true }, reader: { login: 'octocat' } },
    owners: OWNERS,
    ...options,
  });
  const { octokit, budget } = createGitHubClient({ token, baseUrl: sim.url, retryAfterScale, writeSpacingMs: 0 });
  return { sim, client: new PackagesClient(octokit, budget), budget };
}

describe('listing', () => {
  test.each<[string, PackageRef, string]>([
    ['an organization', { owner: { kind: 'org', login: 'acme' }, name: 'app' }, 'acme'],
    ['a user', { owner: { kind: 'user', login: 'octocat' }, name: 'app' }, 'octocat'],
    ['the authenticated user', { owner: { kind: 'authenticated-user', login: '' }, name: 'app' }, 'octocat'],
  ])('lists every version of %s, 100 per page, following Link', async (_name, ref, owner) => {
    const { sim, client, budget } = await setup();
    for (let i = 0; i < 250; i++) sim.addVersion(owner, 'app', { digest: digest(i), tags: i % 2 ? [`t${i}`] : [] });
    const versions = await client.listVersions(ref);
    expect(versions).toHaveLength(250);
    expect(new Set(versions.map((v) => v.digest)).size).toBe(250);
    expect(versions.find((v) => v.digest === digest(1))!.tags).toEqual(['t1']);
    expect(budget.sent.get('GET versions')).toBe(3);
    expect(sim.requests.every((r) => r.path.includes('per_page=100'))).toBe(true);
  });

  test('package names with a slash are one path segment', async () => {
    const { sim, client } = await setup();
    sim.addVersion('acme', 'team/app', { digest: digest(1) });
    expect(await client.listVersions({ owner: { kind: 'org', login: 'acme' }, name: 'team/app' })).toHaveLength(1);
  });

  test('a package the token cannot see stops the run with the fix', async () => {
    const { client } = await setup();
    const failure = client.listVersions({ owner: { kind: 'org', login: 'acme' }, name: 'missing' });
    await expect(failure).rejects.toThrow(PackagesAccessError);
    await expect(failure).rejects.toThrow(/Manage Actions access.*Admin.*packages: write/);
  });

  test('owner kinds come from GET /users/{login}', async () => {
    const { client } = await setup();
    expect(await client.ownerKind('acme')).toBe('org');
    expect(await client.ownerKind('octocat')).toBe('user');
  });
});

describe('delete and restore', () => {
  const ref: PackageRef = { owner: { kind: 'org', login: 'acme' }, name: 'app' };

  test('deletes, reports already-gone, and restores', async () => {
    const { sim, client } = await setup();
    const a = sim.addVersion('acme', 'app', { digest: digest(1), tags: ['latest'] });
    const b = sim.addVersion('acme', 'app', { digest: digest(2) });
    expect(await client.deleteVersion(ref, b.id)).toEqual({ kind: 'done' });
    expect((await client.deleteVersion(ref, b.id)).kind).toBe('already-gone');
    expect((await client.listVersions(ref, 'deleted')).map((v) => v.id)).toEqual([b.id]);
    expect(await client.restoreVersion(ref, b.id)).toEqual({ kind: 'done' });
    expect(
      sim
        .versions('acme', 'app')
        .map((v) => v.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
  });

  test('the last tagged version and the 5,000-downloads rule are per-version outcomes', async () => {
    const { sim, client } = await setup();
    const only = sim.addVersion('acme', 'app', { digest: digest(1), tags: ['latest'] });
    sim.addVersion('acme', 'app', { digest: digest(2) });
    expect((await client.deleteVersion(ref, only.id)).kind).toBe('last-version');
    const popular = sim.addVersion('acme', 'app', { digest: digest(3), tags: ['v1'], downloads: 9000 });
    sim.setPublic('acme', 'app', true);
    expect((await client.deleteVersion(ref, popular.id)).kind).toBe('too-many-downloads');
  });

  test('a token without admin access gets the permission fix', async () => {
    const { sim, client } = await setup({}, 'reader');
    sim.addVersion('acme', 'app', { digest: digest(1), tags: ['latest'] });
    const v = sim.addVersion('acme', 'app', { digest: digest(2) });
    const outcome = await client.deleteVersion(ref, v.id);
    expect(outcome.kind).toBe('no-permission');
    if (outcome.kind === 'no-permission') expect(outcome.message).toContain('Manage Actions access');
  });
});

describe('limits and faults', () => {
  const ref: PackageRef = { owner: { kind: 'org', login: 'acme' }, name: 'app' };

  test('a secondary rate limit is waited out and retried', async () => {
    // retry-after is whole seconds; a 400 ms "second" outlasts the 300 ms window.
    const { sim, client } = await setup({ pointsPerWindow: 10, windowMs: 300 }, 'admin', 400);
    sim.addVersion('acme', 'app', { digest: digest(0), tags: ['latest'] });
    const versions = Array.from({ length: 4 }, (_, i) => sim.addVersion('acme', 'app', { digest: digest(i + 1) }));
    const outcomes = await Promise.all(versions.map((v) => client.deleteVersion(ref, v.id)));
    expect(outcomes).toEqual([{ kind: 'done' }, { kind: 'done' }, { kind: 'done' }, { kind: 'done' }]);
    expect(sim.rateLimitErrors()).toBeGreaterThan(0);
  });

  test('5xx answers are retried', async () => {
    const { sim, client } = await setup();
    sim.addVersion('acme', 'app', { digest: digest(1) });
    sim.injectFault({ method: 'GET', status: 502, times: 2 });
    expect(await client.listVersions(ref)).toHaveLength(1);
  });

  test('a DELETE answered 5xx that did happen counts as deleted: its retry gets 404', async () => {
    const { sim, client } = await setup();
    sim.addVersion('acme', 'app', { digest: digest(0), tags: ['latest'] });
    const v = sim.addVersion('acme', 'app', { digest: digest(1) });
    sim.injectFault({ method: 'DELETE', status: 502, times: 1, happened: true });
    expect(await client.deleteVersion(ref, v.id)).toEqual({ kind: 'done' });
    expect(sim.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([502, 404]);
    expect(sim.versions('acme', 'app', 'deleted').map((d) => d.id)).toEqual([v.id]);
  });

  test('a DELETE whose every try answered 5xx counts as deleted when the version is gone', async () => {
    const { sim, client } = await setup();
    sim.addVersion('acme', 'app', { digest: digest(0), tags: ['latest'] });
    const v = sim.addVersion('acme', 'app', { digest: digest(1) });
    const w = sim.addVersion('acme', 'app', { digest: digest(2) });
    sim.injectFault({ method: 'DELETE', status: 503, times: 1, happened: true });
    sim.injectFault({ method: 'DELETE', status: 503, times: 3 });
    expect(await client.deleteVersion(ref, v.id)).toEqual({ kind: 'done' });
    // The same answers when nothing happened: not deleted, an error for that version.
    sim.injectFault({ method: 'DELETE', status: 503, times: 4 });
    expect((await client.deleteVersion(ref, w.id)).kind).toBe('failed');
    expect(sim.versions('acme', 'app').map((x) => x.id)).toContain(w.id);
  });

  test('a request the server refuses (431, 413) is not retried', async () => {
    const { sim, client } = await setup();
    sim.addVersion('acme', 'app', { digest: digest(1) });
    sim.injectFault({ method: 'GET', status: 431, times: 10, message: 'Request Header Fields Too Large' });
    await expect(client.listVersions(ref)).rejects.toThrow(/Request Header Fields Too Large/);
    expect(sim.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  test('the primary budget is tracked from the headers', async () => {
    const { sim, client, budget } = await setup({ primaryLimit: 50 });
    sim.addVersion('acme', 'app', { digest: digest(1) });
    await client.listVersions(ref);
    expect(budget.limit).toBe(50);
    expect(budget.remaining).toBe(49);
  });

  test('a stale listing hides what was pushed a moment ago', async () => {
    const { sim, client } = await setup();
    sim.addVersion('acme', 'app', { digest: digest(1) });
    sim.setListingLag(60_000);
    expect(await client.listVersions(ref)).toHaveLength(0);
  });
});
