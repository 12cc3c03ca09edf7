import type { PackagesClient } from '../ghcr/index.ts';
import type { PlanFile } from '../retention/index.ts';

/**
 * Undoes a plan: every version it deleted goes back through the restore endpoint, which works
 * for 30 days after a deletion.
 * https://docs.github.com/en/packages/learn-github-packages/deleting-and-restoring-a-package#restoring-packages
 */
export async function restorePlan(file: PlanFile, client: PackagesClient): Promise<{ restored: Array<{ package: string; id: number; digest: string }>; notes: string[] }> {
  const restored: Array<{ package: string; id: number; digest: string }> = [];
  const notes: string[] = [];
  for (const pkg of file.packages) {
    const ref = { owner: { kind: pkg.ownerKind, login: pkg.owner }, name: pkg.name };
    for (const version of pkg.plan.versions) {
      if (version.action !== 'delete') continue;
      const outcome = await client.restoreVersion(ref, version.id);
      if (outcome.kind === 'done') restored.push({ package: pkg.name, id: version.id, digest: version.digest });
      else notes.push(`${pkg.name} version ${version.id}: ${outcome.message}`);
    }
  }
  return { restored, notes };
}
