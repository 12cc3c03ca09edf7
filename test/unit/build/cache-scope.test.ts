import { describe, expect, it } from 'vitest';
import { defaultCachePlan, formatCacheSpec, ghaScope } from '../../../packages/core/src/build/index.ts';
import { eventContext } from '../events.ts';

const gha = { ACTIONS_CACHE_URL: 'https://acghubeus1.actions.githubusercontent.com/x/', ACTIONS_RUNTIME_TOKEN: 't' };
const plan = (
  image: string,
  platforms: string[],
  event: Parameters<typeof eventContext>[0] = 'push-branch',
  env: Record<string, string> = gha,
  ref?: string,
) =>
  defaultCachePlan(
    { mode: 'gha', image, platforms, perPlatformJob: false },
    eventContext(event, ref ? { GITHUB_REF: ref } : {}),
    env,
  );

describe('default gha cache', () => {
  it('on the default branch: read and write its own scope, no fallback', () => {
    const p = plan('ghcr.io/o/a', ['linux/amd64']);
    expect(p.from.map(formatCacheSpec)).toEqual(['type=gha,scope=ghcr.io/o/a+linux/amd64+main']);
    expect(p.to.map(formatCacheSpec)).toEqual(['type=gha,scope=ghcr.io/o/a+linux/amd64+main,mode=max']);
  });
  it("on another branch: read its own and the default branch's, write its own", () => {
    const p = plan('ghcr.io/o/a', ['linux/amd64'], 'push-branch', gha, 'refs/heads/feat/x');
    expect(p.from.map(formatCacheSpec)).toEqual([
      'type=gha,scope=ghcr.io/o/a+linux/amd64+feat/x',
      'type=gha,scope=ghcr.io/o/a+linux/amd64+main',
    ]);
    expect(p.to.map(formatCacheSpec)).toEqual(['type=gha,scope=ghcr.io/o/a+linux/amd64+feat/x,mode=max']);
    expect(p.note).toMatch(/falls back to main/);
  });
  it('a pull request uses its head branch', () => {
    expect(plan('ghcr.io/o/a', [], 'pull-request').to.map(formatCacheSpec)).toEqual([
      'type=gha,scope=ghcr.io/o/a+default+feat/new-feature,mode=max',
    ]);
  });
  it('without the cache service: no cache, and the note says why', () => {
    const p = plan('ghcr.io/o/a', [], 'push-branch', {});
    expect(p).toMatchObject({ backend: 'none', from: [], to: [] });
    expect(p.note).toMatch(/not available here/);
    expect(
      plan('ghcr.io/o/a', [], 'push-branch', { ACTIONS_RESULTS_URL: 'https://results', ACTIONS_RUNTIME_TOKEN: 't' })
        .backend,
    ).toBe('gha');
  });
  it('scopes never collide across images, platform sets and branches', () => {
    const images = ['ghcr.io/o/a', 'ghcr.io/o/a-b', 'ghcr.io/o/a/b', 'ghcr.io/o/a+b', 'ghcr.io/o'];
    const platformSets = [[], ['linux/amd64'], ['linux/arm64'], ['linux/amd64', 'linux/arm64'], ['linux/arm/v7']];
    const branches = ['main', 'a+b', 'a', 'b', 'feat/x', 'feat+x', 'x,y'];
    const seen = new Map<string, string>();
    for (const image of images)
      for (const platforms of platformSets)
        for (const branch of branches) {
          const scope = ghaScope(image, platforms, branch);
          const key = JSON.stringify([image, [...platforms].sort(), branch]);
          expect(seen.get(scope) ?? key).toBe(key);
          seen.set(scope, key);
          expect(scope).not.toContain(',');
        }
    expect(seen.size).toBe(images.length * platformSets.length * branches.length);
  });
  it('the order platforms are given in does not change the scope', () => {
    expect(ghaScope('i', ['linux/arm64', 'linux/amd64'], 'main')).toBe(
      ghaScope('i', ['linux/amd64', 'linux/arm64'], 'main'),
    );
  });
});

describe('registry cache and none', () => {
  const context = eventContext('push-branch');
  it('cache: registry uses <image>:buildcache as an OCI image manifest', () => {
    const p = defaultCachePlan(
      { mode: 'registry', image: 'ghcr.io/o/a', platforms: ['linux/amd64'], perPlatformJob: false },
      context,
      {},
    );
    expect(p.from.map(formatCacheSpec)).toEqual(['type=registry,ref=ghcr.io/o/a:buildcache']);
    expect(p.to.map(formatCacheSpec)).toEqual([
      'type=registry,ref=ghcr.io/o/a:buildcache,mode=max,image-manifest=true,oci-mediatypes=true',
    ]);
  });
  it('per-platform jobs get a tag each, so parallel jobs do not overwrite one another', () => {
    const a = defaultCachePlan(
      { mode: 'registry', image: 'ghcr.io/o/a', platforms: ['linux/amd64'], perPlatformJob: true },
      context,
      {},
    );
    const b = defaultCachePlan(
      { mode: 'registry', image: 'ghcr.io/o/a', platforms: ['linux/arm/v7'], perPlatformJob: true },
      context,
      {},
    );
    expect(a.from.map(formatCacheSpec)).toEqual(['type=registry,ref=ghcr.io/o/a:buildcache-linux-amd64']);
    expect(b.from.map(formatCacheSpec)).toEqual(['type=registry,ref=ghcr.io/o/a:buildcache-linux-arm-v7']);
  });
  it('cache: none', () => {
    expect(
      defaultCachePlan({ mode: 'none', image: 'i', platforms: [], perPlatformJob: false }, context, gha).backend,
    ).toBe('none');
  });
});
