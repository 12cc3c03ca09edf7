import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cache from '@actions/cache';
import type { ManifestNode } from '../retention/index.ts';

/**
 * Manifests read in earlier runs, kept with @actions/cache. A digest names immutable content,
 * so a cached node never goes stale, and each manifest GET on GHCR counts as a package
 * download: reading each one once across runs keeps download counts (and the 5,000-downloads
 * deletion rule) honest. https://github.com/actions/toolkit/tree/main/packages/cache
 */
const PREFIX = 'ghcr-kit-cleanup-manifests-';

/** Which run is saving: each run saves its own key, and the next restores the newest by prefix. */
export interface CacheRun {
  runId: string;
  runAttempt: string;
}

export async function restoreManifestCache(
  dir: string,
  scope: string,
  run: CacheRun,
): Promise<Map<string, ManifestNode>> {
  const path = join(dir, 'ghcr-kit-manifests.json');
  if (cache.isFeatureAvailable()) {
    try {
      await cache.restoreCache([path], `${PREFIX}${scope}-${run.runId || 'local'}`, [`${PREFIX}${scope}-`]);
    } catch {
      // A cache miss or outage costs requests, never correctness.
    }
  }
  if (!existsSync(path)) return new Map();
  try {
    const nodes = JSON.parse(readFileSync(path, 'utf8')) as ManifestNode[];
    return new Map(nodes.map((node) => [node.digest, node]));
  } catch {
    return new Map();
  }
}

export async function saveManifestCache(
  dir: string,
  scope: string,
  nodes: Map<string, ManifestNode>,
  run: CacheRun,
): Promise<void> {
  const path = join(dir, 'ghcr-kit-manifests.json');
  writeFileSync(path, JSON.stringify([...nodes.values()]));
  if (!cache.isFeatureAvailable()) return;
  try {
    await cache.saveCache([path], `${PREFIX}${scope}-${run.runId || 'local'}-${run.runAttempt || '1'}`);
  } catch {
    // Saving is best effort; the next run reads manifests again.
  }
}
