import { InputError } from '../errors/index.ts';

/**
 * Cache keys for Trivy's DBs in actions/cache: schema + UTC date, with the schema prefix as
 * the restore key so yesterday's copy is found when today's is not saved yet. Only `db/` and
 * `java-db/` are cached (never fanal's image layer cache, which grows without bound).
 */
export const DB_SCHEMAS = { db: 'trivy-db:2', 'java-db': 'java-db:1' } as const;
export type DbKind = keyof typeof DB_SCHEMAS;

export function dbCacheKey(kind: DbKind, now: Date): { key: string; restoreKeys: string[] } {
  const prefix = `ghcr-kit-${DB_SCHEMAS[kind].replace(':', '-')}-`;
  return { key: `${prefix}${now.toISOString().slice(0, 10)}`, restoreKeys: [prefix] };
}

/** `db-max-age`: `24h`, `90m`, `2d`; a bare number is hours. */
export function parseMaxAge(raw: string): number {
  const text = raw.trim() || '24h';
  const match = /^(\d+(?:\.\d+)?)\s*([mhd]?)$/.exec(text);
  if (!match) throw new InputError('db-max-age', raw, 'is not a duration', 'Use e.g. 24h, 90m or 2d.');
  const unit = match[2] === 'm' ? 60_000 : match[2] === 'd' ? 86_400_000 : 3_600_000;
  return Number(match[1]) * unit;
}

/**
 * Whether a restored DB is young enough to use with --skip-db-update, from the
 * `metadata.json` Trivy writes beside it (DownloadedAt, else UpdatedAt).
 */
export function dbIsFresh(metadataJson: string | undefined, now: Date, maxAgeMs: number): boolean {
  if (!metadataJson) return false;
  try {
    const meta = JSON.parse(metadataJson) as { DownloadedAt?: string; UpdatedAt?: string };
    const at = Date.parse(
      meta.DownloadedAt && !meta.DownloadedAt.startsWith('0001') ? meta.DownloadedAt : (meta.UpdatedAt ?? ''),
    );
    return Number.isFinite(at) && now.getTime() - at <= maxAgeMs && at <= now.getTime() + 60_000;
  } catch {
    return false;
  }
}
