import type { ManifestGraph } from './manifest-graph.ts';
import type { PackageVersion } from '../ghcr/package-version.ts';
import type { PlannedVersion } from './plan.ts';
import { ReachabilityIndex } from './reachability.ts';

/**
 * The order to delete a plan's versions in: an image before what it reaches (an index before
 * its children, a subject before its referrers). A run that stops half-way then never leaves
 * an index pointing at a deleted child, only loose children the next run collects.
 */
export function deletionOrder(
  deletions: readonly PlannedVersion[],
  versions: readonly PackageVersion[],
  graph: ManifestGraph,
): PlannedVersion[] {
  const index = new ReachabilityIndex(versions, graph);
  const byDigest = new Map(deletions.map((d) => [d.digest, d]));
  const done = new Set<string>();
  const postOrder: PlannedVersion[] = [];
  const visit = (digest: string) => {
    if (done.has(digest)) return;
    done.add(digest);
    for (const [next] of index.edges(digest)) if (byDigest.has(next)) visit(next);
    postOrder.push(byDigest.get(digest)!);
  };
  for (const deletion of deletions) visit(deletion.digest);
  return postOrder.reverse();
}
