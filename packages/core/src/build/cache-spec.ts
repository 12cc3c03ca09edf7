import { InputError } from '../errors/index.ts';

/** Cache backends buildx knows. https://docs.docker.com/build/cache/backends/ */
const CACHE_TYPES = new Set(['registry', 'local', 'inline', 'gha', 's3', 'azblob']);

export interface CacheSpec {
  type: string;
  attrs: Array<[string, string]>;
}

/**
 * Parses one `cache-from` / `cache-to` line: CSV `key=value` fields with a `type`, or a bare
 * image reference, which buildx reads as `type=registry,ref=<image>`.
 * https://docs.docker.com/reference/cli/docker/buildx/build/#cache-from
 */
export function parseCacheSpec(raw: string, input: 'cache-from' | 'cache-to'): CacheSpec {
  const value = raw.trim();
  const fix =
    'Write type=<backend>,key=value,… ' +
    '(for example type=gha,scope=main or type=registry,ref=ghcr.io/owner/app:buildcache).';
  const refuse = (problem: string, howTo = fix) => new InputError(input, raw, problem, howTo);
  if (!value.includes('=')) {
    if (/[\s,]/.test(value) || value === '') {
      throw refuse('the cache spec is neither key=value fields nor an image reference');
    }
    return { type: 'registry', attrs: [['ref', value]] };
  }
  let type = '';
  const attrs: Array<[string, string]> = [];
  for (const field of value.split(',')) {
    const eq = field.indexOf('=');
    if (eq <= 0) throw refuse(`"${field}" is not a key=value field`);
    const key = field.slice(0, eq).trim().toLowerCase();
    const val = field.slice(eq + 1).trim();
    if (val === '') throw refuse(`"${key}" has an empty value`);
    if (key === 'type') type = val;
    else attrs.push([key, val]);
  }
  if (!type) throw refuse('the cache spec has no type');
  if (!CACHE_TYPES.has(type)) {
    throw refuse(`"${type}" is not a cache backend`, `Use one of ${[...CACHE_TYPES].join(', ')}.`);
  }
  const mode = attrs.find(([k]) => k === 'mode')?.[1];
  if (mode !== undefined && mode !== 'min' && mode !== 'max') {
    throw refuse(`mode=${mode} is not a cache mode`, 'Use mode=min or mode=max.');
  }
  if (type === 'registry' && !attrs.some(([k]) => k === 'ref')) {
    throw refuse('a registry cache needs a ref', 'Add ref=<image>:<tag>, e.g. ref=ghcr.io/owner/app:buildcache.');
  }
  return { type, attrs };
}

export function formatCacheSpec(spec: CacheSpec): string {
  return [`type=${spec.type}`, ...spec.attrs.map(([k, v]) => `${k}=${v}`)].join(',');
}

export function cacheAttr(spec: CacheSpec, key: string): string | undefined {
  return spec.attrs.find(([k]) => k === key)?.[1];
}
