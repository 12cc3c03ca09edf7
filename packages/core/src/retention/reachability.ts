import type { ManifestGraph } from './manifest-graph.ts';
import type { PackageVersion } from '../ghcr/package-version.ts';
import { referrerTagSubject } from './tag-pattern.ts';

export type Edge = 'child' | 'referrer' | 'referrer-tag';

/**
 * The edges out of a manifest, in the direction "keeping A requires keeping B":
 * an index's children (platform images, attestation manifests, nested indexes), the manifests
 * whose `subject` is A, and the versions tagged `sha256-<hex of A>` (the referrers tag schema,
 * used where a registry has no referrers API, as GHCR does not).
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers
 */
export class ReachabilityIndex {
  private readonly referrers = new Map<string, Set<string>>();
  private readonly referrerTagged = new Map<string, Set<string>>();
  /** Digests some listed manifest lists as a child, with the parents that list it. */
  readonly parents = new Map<string, Set<string>>();

  constructor(
    versions: readonly PackageVersion[],
    private readonly graph: ManifestGraph,
  ) {
    const listed = new Set(versions.map((version) => version.digest));
    for (const node of graph.values()) {
      if (node.subject) add(this.referrers, node.subject, node.digest);
      if (!listed.has(node.digest)) continue;
      for (const child of node.children) add(this.parents, child, node.digest);
    }
    for (const version of versions) {
      for (const tag of version.tags) {
        const subject = referrerTagSubject(tag);
        if (subject) add(this.referrerTagged, subject, version.digest);
      }
    }
  }

  *edges(digest: string): Generator<[string, Edge]> {
    for (const child of this.graph.get(digest)?.children ?? []) yield [child, 'child'];
    for (const referrer of this.referrers.get(digest) ?? []) yield [referrer, 'referrer'];
    for (const tagged of this.referrerTagged.get(digest) ?? []) yield [tagged, 'referrer-tag'];
  }

  /** Everything reachable from the roots, each with the root that first reached it and how. */
  reach(roots: Iterable<string>): Map<string, { root: string; edge: Edge | 'root' }> {
    const seen = new Map<string, { root: string; edge: Edge | 'root' }>();
    const queue: string[] = [];
    for (const root of roots) {
      if (seen.has(root)) continue;
      seen.set(root, { root, edge: 'root' });
      queue.push(root);
    }
    for (let at = 0; at < queue.length; at++) {
      const from = queue[at]!;
      const { root } = seen.get(from)!;
      for (const [to, edge] of this.edges(from)) {
        if (seen.has(to)) continue;
        seen.set(to, { root, edge });
        queue.push(to);
      }
    }
    return seen;
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
