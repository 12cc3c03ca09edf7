import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as cache from '@actions/cache';
import type { StepIO } from '../../actions/index.ts';
import { dbCacheKey } from '../../scan/db-cache.ts';

export interface DbCache {
  paths: string[];
  key: string;
  hit: boolean;
}

/**
 * Restores `db/` and `java-db/` with actions/cache where the runner has the cache service;
 * elsewhere (local runs, act with an old cache server) the scan downloads the DB and says so.
 * https://github.com/actions/toolkit/tree/main/packages/cache
 */
export async function restoreDbCache(cacheDir: string, now: Date, io: StepIO): Promise<DbCache | undefined> {
  if (!cache.isFeatureAvailable()) {
    io.info('DB cache: the runner has no cache service here; the DB is downloaded');
    return undefined;
  }
  const { key, restoreKeys } = dbCacheKey('db', now);
  const paths = [join(cacheDir, 'db'), join(cacheDir, 'java-db')];
  try {
    const restored = await cache.restoreCache(paths, key, restoreKeys);
    io.info(restored ? `DB cache: restored ${restored}` : 'DB cache: no copy yet');
    return { paths, key, hit: restored === key };
  } catch (error) {
    io.warning(`DB cache: restore failed (${(error as Error).message}); the DB is downloaded`);
    return undefined;
  }
}

export async function saveDbCache(state: DbCache, io: StepIO): Promise<void> {
  if (state.hit || !state.paths.some((path) => existsSync(path))) return;
  try {
    await cache.saveCache(
      state.paths.filter((path) => existsSync(path)),
      state.key,
    );
  } catch (error) {
    io.warning(`DB cache: save failed (${(error as Error).message})`);
  }
}
