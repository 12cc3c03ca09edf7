import type { PackagesClient } from '../ghcr/index.ts';
import type { PlanFile, PlannedVersion } from '../retention/index.ts';

/**
 * Undoes a plan: every version it deleted goes back through the restore endpoint, which works
 * for 30 days after a deletion. The parts of an image go back before the image (platform images
 * before their index, a subject before its referrers' owner): a registry refuses an index
 * whose children it does not have.
 * https://docs.github.com/en/packages/learn-github-packages/deleting-and-restoring-a-package#restoring-packages
 */
export async function restorePlan(
  file: PlanFile,
  client: PackagesClient,
): Promise<{ restored: Array<{ package: string; id: number; digest: string }>; notes: string[] }> {
  const restored: Array<{ package: string; id: number; digest: string }> = [];
  const notes: string[] = [];
  for (const pkg of file.packages) {
    const ref = { owner: { kind: pkg.ownerKind, login: pkg.owner }, name: pkg.name };
    for (const version of partsFirst(pkg.plan.versions.filter((v) => v.action === 'delete'))) {
      const outcome = await client.restoreVersion(ref, version.id);
      if (outcome.kind === 'done') restored.push({ package: pkg.name, id: version.id, digest: version.digest });
      else notes.push(`${pkg.name} version ${version.id}: ${outcome.message}`);
    }
  }
  return { restored, notes };
}

/** Deepest first, by the `via` of a "part of …, which is deleted" reason (the plan's own record). */
function partsFirst(deletions: PlannedVersion[]): PlannedVersion[] {
  const byDigest = new Map(deletions.map((v) => [v.digest, v]));
  const depth = new Map<string, number>();
  const depthOf = (version: PlannedVersion, seen = new Set<string>()): number => {
    const known = depth.get(version.digest);
    if (known !== undefined) return known;
    seen.add(version.digest);
    const parents = version.reasons
      .filter((r) => r.code === 'parent-deleted' && r.via && !seen.has(r.via))
      .map((r) => byDigest.get(r.via!));
    const value = Math.max(
      0,
      ...parents.filter((p): p is PlannedVersion => Boolean(p)).map((p) => 1 + depthOf(p, seen)),
    );
    depth.set(version.digest, value);
    return value;
  };
  return [...deletions].sort((a, b) => depthOf(b) - depthOf(a));
}
