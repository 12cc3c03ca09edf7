import type { Context } from '../context/index.ts';
import type { Env } from '../context/index.ts';
import type { CacheSpec } from './cache-spec.ts';

export type CacheMode = 'gha' | 'registry' | 'none';

export interface CachePlan {
  backend: 'gha' | 'registry' | 'user' | 'none';
  from: CacheSpec[];
  to: CacheSpec[];
  /** What the summary says about the cache: the scope or ref, or why there is none. */
  note: string;
}

export interface CacheScopeInput {
  mode: CacheMode;
  /** `registry/repository` of the first image, '' when the build has no tags. */
  image: string;
  /** The platforms of this build; several jobs building one platform each get separate scopes. */
  platforms: string[];
  /** Per-platform job (push-by-digest): the registry cache gets a per-platform tag. */
  perPlatformJob: boolean;
}

/**
 * The GitHub Actions cache service is there only when the runner hands its URL and token to
 * the action; buildx reads the same variables. Without them (act, local runs, some
 * self-hosted runners) a gha cache export fails the build, so we leave the cache out.
 * https://docs.docker.com/build/cache/backends/gha/#authentication
 */
export function ghaCacheAvailable(env: Env): boolean {
  return Boolean((env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL) && env.ACTIONS_RUNTIME_TOKEN);
}

/** The branch a build's cache belongs to: the pushed branch, a pull request's head, else the default branch. */
export function cacheBranch(context: Context): string {
  if (context.pullRequest?.headRef) return context.pullRequest.headRef;
  if (context.ref.startsWith('refs/heads/')) return context.ref.slice('refs/heads/'.length);
  return context.baseRef || context.repository.defaultBranch || 'default';
}

/**
 * gha scope `<image>+<platforms>+<branch>`. Each part is percent-encoded outside
 * `[A-Za-z0-9._/-]`, so `+` only ever separates parts and no two images, platform sets or
 * branches share a scope. Commas are encoded too: buildx reads the spec as CSV.
 */
export function ghaScope(image: string, platforms: string[], branch: string): string {
  const platformKey = platforms.length ? [...platforms].sort().join('_') : 'default';
  return [image || 'image', platformKey, branch].map(encodePart).join('+');
}

function encodePart(part: string): string {
  const percentEncoded = (c: string) => [...Buffer.from(c)].map((byte) => `%${hexByte(byte)}`).join('');
  return part.replace(/[^A-Za-z0-9._/-]/g, percentEncoded);
}

function hexByte(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * The default cache when the user sets neither cache-from nor cache-to.
 * - gha: read this branch's scope and the default branch's (a new branch starts warm), write
 *   only this branch's, with mode=max so intermediate stages are cached too.
 * - registry: `<image>:buildcache` as an OCI image manifest, the form GHCR accepts.
 *   https://docs.docker.com/build/cache/backends/registry/
 */
function noCache(note: string): CachePlan {
  return { backend: 'none', from: [], to: [], note };
}

export function defaultCachePlan(input: CacheScopeInput, context: Context, env: Env): CachePlan {
  if (input.mode === 'none') return noCache('cache disabled (cache: none)');
  if (input.mode === 'registry') {
    if (!input.image) {
      return noCache('no registry cache: the build has no image tag to derive <image>:buildcache from');
    }
    // A per-platform job caches under its own tag, so the legs of a matrix do not overwrite each other.
    const platforms = [...input.platforms].sort().join('_').replace(/\//g, '-');
    const suffix = input.perPlatformJob && input.platforms.length ? `-${platforms}` : '';
    const ref = `${input.image}:buildcache${suffix}`;
    const exportAttrs: CacheSpec['attrs'] = [
      ['mode', 'max'],
      ['image-manifest', 'true'],
      ['oci-mediatypes', 'true'],
    ];
    return {
      backend: 'registry',
      from: [{ type: 'registry', attrs: [['ref', ref]] }],
      to: [{ type: 'registry', attrs: [['ref', ref], ...exportAttrs] }],
      note: `registry cache ${ref}`,
    };
  }
  if (!ghaCacheAvailable(env)) {
    return noCache(
      'no cache: the GitHub Actions cache service is not available here ' +
        '(ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN are unset)',
    );
  }
  const branch = cacheBranch(context);
  const own = ghaScope(input.image, input.platforms, branch);
  const fallbackBranch = context.repository.defaultBranch;
  const from: CacheSpec[] = [{ type: 'gha', attrs: [['scope', own]] }];
  if (fallbackBranch && fallbackBranch !== branch) {
    from.push({ type: 'gha', attrs: [['scope', ghaScope(input.image, input.platforms, fallbackBranch)]] });
  }
  return {
    backend: 'gha',
    from,
    to: [
      {
        type: 'gha',
        attrs: [
          ['scope', own],
          ['mode', 'max'],
        ],
      },
    ],
    note: `GitHub Actions cache, scope ${own}${from.length > 1 ? ` (falls back to ${fallbackBranch})` : ''}`,
  };
}
