import type { CleanupDeps } from '../../packages/core/src/cleanup/cleanup-run.ts';
import { createGitHubClient, PackagesClient } from '../../packages/core/src/ghcr/index.ts';
import { RegistryClient } from '../../packages/core/src/registry/index.ts';
import type { GhcrSimulator } from './ghcr-simulator.ts';

/**
 * What runCleanup needs, pointed at the GHCR simulator (Packages API and registry), quiet, with
 * short waits and no write spacing: GitHub's pacing is the bench's to measure, not the tests'.
 */
export function cleanupDeps(sim: GhcrSimulator, token = 'admin'): CleanupDeps {
  const { octokit, budget } = createGitHubClient({ token, baseUrl: sim.url, retryAfterScale: 10, writeSpacingMs: 0 });
  return {
    packagesClient: new PackagesClient(octokit, budget),
    registryClient: new RegistryClient({ registry: sim.host }),
    log: { info: () => {}, warning: () => {} },
    now: new Date(),
    manifestCache: new Map(),
  };
}
