import type { PackageVersion } from '../ghcr/package-version.ts';
import type { ManifestGraph } from './manifest-graph.ts';
import { policyWarnings } from './policy-lint.ts';
import { PLAN_SCHEMA_VERSION, type Plan, type PlannedVersion, type Reason } from './plan.ts';
import type { Policy } from './policy.ts';
import { ReachabilityIndex, type Edge } from './reachability.ts';
import { compilePolicy, decideTagged, decideUntagged, type OwnDecision } from './tag-decision.ts';
import { referrerTagSubject } from './tag-pattern.ts';
import { lastChanged, newestFirst } from './version-age.ts';

/**
 * The retention planner. Pure: versions, the manifest graph, a policy and a clock in; a Plan out.
 *
 * Safety is reachability. The roots are the versions the policy keeps by their own tags (or, for
 * top-level untagged images, by the untagged rule); everything reachable from a root is kept.
 * Versions that only exist for another one (index children, referrers, `sha256-<hex>` tagged
 * versions) are never roots: they live and die with what reaches them. Whatever is not reached
 * is deleted. When a kept manifest could not be read, what it reaches is unknown, and nothing
 * is deleted.
 */
export function planRetention(
  versions: readonly PackageVersion[],
  graph: ManifestGraph,
  policy: Policy,
  now: Date,
): Plan {
  const nowMs = now.getTime();
  const compiled = compilePolicy(policy);
  const index = new ReachabilityIndex(versions, graph);
  const listed = new Map(versions.map((version) => [version.digest, version]));
  const warnings: string[] = [];

  // 1. What each version's own tags say; undefined for versions that belong to another.
  const own = new Map<number, OwnDecision | undefined>();
  const tagged: PackageVersion[] = [];
  const untagged: PackageVersion[] = [];
  for (const version of versions) {
    const ordinary = version.tags.filter((tag) => !referrerTagSubject(tag));
    if (ordinary.length) {
      tagged.push(version);
      own.set(version.id, decideTagged(ordinary, lastChanged(version), nowMs, compiled));
    } else if (version.tags.length || index.parents.has(version.digest) || graph.get(version.digest)?.subject) {
      own.set(version.id, undefined);
    } else {
      untagged.push(version);
      own.set(version.id, decideUntagged(lastChanged(version), nowMs, policy.untagged));
    }
  }
  holdNewest(tagged, policy.keepNTagged, own, 'keep-n-tagged');
  holdNewest(untagged, policy.keepNUntagged, own, 'keep-n-untagged');

  // A version whose manifest could not be read may be anything (an index, a referrer), so it is
  // never deleted on a guess.
  for (const version of versions) {
    if (graph.has(version.digest) || own.get(version.id)?.keep) continue;
    const message = 'its manifest could not be read, so what it belongs to is unknown';
    own.set(version.id, { keep: true, reasons: [{ code: 'manifest-unknown', message }] });
    warnings.push(`${version.digest} (${describe(version)}): manifest could not be read; kept`);
  }

  // 2. Everything the roots reach.
  const roots = versions.filter((version) => own.get(version.id)?.keep).map((version) => version.digest);
  const reached = index.reach(roots);
  const unread = [...reached.keys()].filter((digest) => listed.has(digest) && !graph.has(digest));
  if (unread.length) {
    const consequence = 'what they reference is unknown, so nothing is deleted';
    warnings.push(`kept manifests could not be read (${unread.join(', ')}); ${consequence}`);
  }
  for (const [digest, { root, edge }] of reached) {
    if (edge === 'child' && !listed.has(digest)) {
      const image = `${root} (${describe(listed.get(root))})`;
      warnings.push(`${image} lists ${digest}, which is not in the package: that image is already incomplete`);
    }
  }

  // 3. Keep or delete, with reasons.
  const planned: PlannedVersion[] = versions.map((version) => {
    const decision = own.get(version.id);
    const { id, digest, createdAt, updatedAt } = version;
    const base = { id, digest, tags: [...version.tags], createdAt, updatedAt, bytes: bytesOf(graph, digest) };
    if (decision?.keep) return { ...base, action: 'keep', reasons: decision.reasons };
    const reach = reached.get(version.digest);
    if (reach) {
      const via = listed.get(reach.root);
      const message = `reached from ${describe(via)} (${reach.root}) as ${EDGE_WORDS[reach.edge as Edge]}`;
      const reason: Reason = { code: 'reachable', via: reach.root, message };
      return { ...base, action: 'keep', reasons: [...(decision?.reasons ?? []), reason] };
    }
    if (unread.length) {
      const message = 'a kept manifest could not be read, so this one may be part of it';
      return { ...base, action: 'keep', reasons: [{ code: 'graph-incomplete', message }] };
    }
    const reasons = decision ? decision.reasons : dependentReasons(version, graph, index, listed);
    return { ...base, action: 'delete', reasons };
  });

  const kept = planned.filter((version) => version.action === 'keep');
  const deleted = planned.filter((version) => version.action === 'delete');
  warnings.push(...policyWarnings(policy, { deletesNothing: deleted.length === 0 }));
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    createdAt: now.toISOString(),
    policy,
    versions: planned,
    totals: { kept: kept.length, deleted: deleted.length, freedBytes: freedBytes(graph, kept, deleted) },
    warnings,
  };
}

const EDGE_WORDS: Record<Edge, string> = {
  child: 'an index child',
  referrer: 'a referrer (subject)',
  'referrer-tag': 'a sha256-<hex> referrer tag',
};

/**
 * keep-n-tagged / keep-n-untagged: of the images the policy would delete, the N newest (by
 * `created_at`) stay. Images kept already (protected, held by a rule, untagged and young) are
 * not counted: N means N besides them, as in dataaxiom/ghcr-cleanup-action, where exclude-tags
 * and older-than filter the candidates before keep-n applies.
 */
function holdNewest(
  candidates: PackageVersion[],
  n: number | undefined,
  own: Map<number, OwnDecision | undefined>,
  code: 'keep-n-tagged' | 'keep-n-untagged',
): void {
  if (!n) return;
  const kind = code === 'keep-n-tagged' ? 'tagged' : 'untagged';
  const due = candidates.filter((version) => own.get(version.id)?.keep === false).sort(newestFirst);
  for (const version of due.slice(0, n)) {
    const reasons = own.get(version.id)?.reasons ?? [];
    const message = `one of the ${n} newest ${kind} images not otherwise kept (${code}: ${n})`;
    own.set(version.id, { keep: true, reasons: [...reasons, { code, message }] });
  }
}

/** Why a version no rule kept goes: what it belongs to or refers to is deleted too. */
function dependentReasons(
  version: PackageVersion,
  graph: ManifestGraph,
  index: ReachabilityIndex,
  listed: Map<string, PackageVersion>,
): Reason[] {
  const reasons: Reason[] = [];
  const named = (digest: string) => `${describe(listed.get(digest))} (${digest})`;
  for (const parent of index.parents.get(version.digest) ?? []) {
    reasons.push({ code: 'parent-deleted', via: parent, message: `part of ${named(parent)}, which is deleted` });
  }
  const subjects = [graph.get(version.digest)?.subject, ...version.tags.map(referrerTagSubject)];
  for (const subject of new Set(subjects.filter((s): s is string => Boolean(s)))) {
    reasons.push(
      listed.has(subject)
        ? { code: 'subject-deleted', via: subject, message: `refers to ${named(subject)}, which is deleted` }
        : { code: 'subject-missing', via: subject, message: `refers to ${subject}, which is not in the package` },
    );
  }
  return reasons;
}

function describe(version: PackageVersion | undefined): string {
  if (!version) return 'a manifest';
  return version.tags.length ? version.tags.join(', ') : 'an untagged image';
}

function bytesOf(graph: ManifestGraph, digest: string): number {
  const node = graph.get(digest);
  return node ? node.size + node.blobs.reduce((sum, blob) => sum + blob.size, 0) : 0;
}

/** Manifests deleted, plus the blobs only deleted manifests use (a blob a kept image uses stays). */
function freedBytes(graph: ManifestGraph, kept: PlannedVersion[], deleted: PlannedVersion[]): number {
  const blobsOf = (version: PlannedVersion) => graph.get(version.digest)?.blobs.map((blob) => blob.digest) ?? [];
  const keptBlobs = new Set(kept.flatMap(blobsOf));
  const freed = new Map<string, number>();
  let bytes = 0;
  for (const version of deleted) {
    const node = graph.get(version.digest);
    if (!node) continue;
    bytes += node.size;
    for (const blob of node.blobs) if (!keptBlobs.has(blob.digest)) freed.set(blob.digest, blob.size);
  }
  return bytes + [...freed.values()].reduce((sum, size) => sum + size, 0);
}
