import type { CleanupDeps } from '../../packages/core/src/cleanup/cleanup-run.ts';
import { createGitHubClient, PackagesClient } from '../../packages/core/src/ghcr/index.ts';
import { RegistryClient } from '../../packages/core/src/registry/index.ts';
import { parsePolicyYaml, type Policy } from '../../packages/core/src/retention/index.ts';
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

/** The policy a YAML text states; a policy the parser refuses fails the test with its problems. */
export function policyFrom(yaml: string, input?: string): Policy {
  const parsed = parsePolicyYaml(yaml, input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.policy;
}

const DAY = 86_400_000;

/** Makes the simulator's version of `digest` look pushed `days` ago, as the planner reads ages. */
export function backdate(sim: GhcrSimulator, owner: string, name: string, digest: string, days: number): void {
  const version = sim.versions(owner, name).find((v) => v.digest === digest);
  if (!version) throw new Error(`${owner}/${name} has no version ${digest}`);
  version.createdAt = version.updatedAt = new Date(Date.now() - days * DAY).toISOString();
}
