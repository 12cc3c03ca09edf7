import {
  PackagesAccessError,
  type PackagesClient,
  type PackageRef,
  type PackageVersion,
  type OwnerKind,
} from '../ghcr/index.ts';
import { parseImageRef } from '../reference/index.ts';
import {
  fetchFrom,
  headManifest,
  reachableFrom,
  readManifestGraph,
  type ManifestGraph,
  type ManifestNode,
  type RegistryClient,
} from '../registry/index.ts';
import { applyDeletions, type DeletionProgress } from './apply-deletions.ts';
import {
  planRetention,
  planStillApplies,
  referrerTagSubject,
  type PlanFile,
  type PlannedPackage,
  type PlannedVersion,
  type Policy,
} from '../retention/index.ts';

/**
 * One cleanup run: list versions, read manifests, plan, and (unless a dry run) apply the plan
 * in a safe order within GitHub's limits, then check that every kept tag still resolves to a
 * complete image and restore everything deleted if one does not.
 */
export interface CleanupSettings {
  registry: string;
  owner: string;
  packages: string[];
  policy: Policy;
  dryRun: boolean;
  /** Apply this saved plan instead of planning. */
  planFile?: PlanFile;
}

export interface CleanupDeps {
  packagesClient: PackagesClient;
  registryClient: RegistryClient;
  log: { info(message: string): void; warning(message: string): void };
  now: Date;
  /** Manifests from earlier runs (digest → node); updated in place with what this run read. */
  manifestCache: Map<string, ManifestNode>;
}

export interface VersionRecord {
  package: string;
  id: number;
  digest: string;
  tags: string[];
}

export interface CleanupResult {
  file: PlanFile;
  deleted: VersionRecord[];
  kept: VersionRecord[];
  freedBytes: number;
  /** Per-version problems and why a run stopped early; none of them is a failure of the step. */
  notes: string[];
  /** The kept tags that no longer resolve; non-empty means the run restored and failed. */
  broken: string[];
}

/** Requests kept back from deleting, for verification and, if needed, restoring. */
const RESERVE = 25;

export async function runCleanup(settings: CleanupSettings, deps: CleanupDeps): Promise<CleanupResult> {
  const { packagesClient, log } = deps;
  const notes: string[] = [];
  const kind = await ownerKind(settings, packagesClient);
  const planned: ReadPackage[] = [];

  const names = settings.planFile ? settings.planFile.packages.map((p) => p.name) : settings.packages;
  for (const name of names) {
    const ref: PackageRef = { owner: { kind, login: settings.owner }, name };
    const versions = await packagesClient.listVersions(ref);
    const graph = await readGraph(deps, repositoryOf(settings.registry, settings.owner, name), versions);
    const saved = settings.planFile?.packages.find((p) => p.name === name);
    if (saved) {
      const problems = planStillApplies(saved.plan, versions, graph);
      if (problems.length) {
        const shown = problems.slice(0, 5).join('; ');
        const what = `the saved plan for ${settings.owner}/${name} no longer matches the package`;
        throw new PlanOutdatedError(`${what}: ${shown}. Make a new plan.`);
      }
      planned.push({ ...saved, versions, graph, ref });
    } else {
      const plan = planRetention(versions, graph, settings.policy, deps.now);
      planned.push({ owner: settings.owner, ownerKind: kind, name, plan, versions, graph, ref });
    }
  }

  const packages = planned.map(({ owner, ownerKind, name, plan }) => ({ owner, ownerKind, name, plan }));
  const file: PlanFile = { schemaVersion: 1, registry: settings.registry, packages };
  const deleted: Array<VersionRecord & { ref: PackageRef }> = [];
  if (!settings.dryRun) {
    for (const pkg of planned) {
      const progress: DeletionProgress = { deleted: [], notes: [] };
      // Each request in flight may still need its share of the reserve, should it be retried.
      const canStart = (inFlight: number) =>
        packagesClient.budget.allows(1 + inFlight, RESERVE + deleted.length + progress.deleted.length)
          ? undefined
          : `GitHub's hourly request budget is nearly spent (${packagesClient.budget.remaining} left)`;
      const deletions = pkg.plan.versions.filter((v) => v.action === 'delete');
      const batch = { ref: pkg.ref, deletions, versions: pkg.versions, graph: pkg.graph };
      await applyDeletions(batch, packagesClient, canStart, progress);
      deleted.push(...progress.deleted.map((version) => ({ ref: pkg.ref, ...record(pkg.name, version) })));
      notes.push(...progress.notes);
      if (progress.denied) throw new PackagesAccessError(progress.denied);
      if (progress.stopped) {
        notes.push(progress.stopped);
        break;
      }
    }
  }

  const broken = settings.dryRun || !deleted.length ? [] : await verifyKeptImages(planned, deps);
  if (broken.length) {
    const restoring = `Restoring the ${deleted.length} versions this run deleted.`;
    log.warning(`kept images are incomplete after deleting: ${broken.join('; ')}. ${restoring}`);
    for (const version of [...deleted].reverse()) {
      const outcome = await packagesClient.restoreVersion(version.ref, version.id);
      if (outcome.kind === 'done') continue;
      notes.push(`restore of ${version.package} version ${version.id} failed: ${outcome.message}`);
    }
  }

  const deletedIds = new Set(deleted.map((d) => `${d.package}/${d.id}`));
  const isKept = (pkg: ReadPackage, version: PlannedVersion) => !deletedIds.has(`${pkg.name}/${version.id}`);
  const keptOf = (pkg: ReadPackage) => pkg.plan.versions.filter((v) => isKept(pkg, v)).map((v) => record(pkg.name, v));
  const kept = planned.flatMap(keptOf);
  // A dry run reports what the plan would free; a real run only what it freed.
  const freed = (pkg: ReadPackage) => settings.dryRun || deleted.some((d) => d.package === pkg.name);
  const freedBytes = planned.reduce((sum, pkg) => sum + (freed(pkg) ? pkg.plan.totals.freedBytes : 0), 0);
  const records = broken.length ? [] : deleted.map(({ ref: _ref, ...rest }) => rest);
  return { file, deleted: records, kept, freedBytes, notes, broken };
}

/** A package as this run read it: its versions, their manifest graph, and the plan for them. */
type ReadPackage = PlannedPackage & { versions: PackageVersion[]; graph: ManifestGraph; ref: PackageRef };

export class PlanOutdatedError extends Error {
  override readonly name = 'PlanOutdatedError';
}

async function ownerKind(settings: CleanupSettings, client: PackagesClient): Promise<OwnerKind> {
  return settings.planFile?.packages[0]?.ownerKind ?? (await client.ownerKind(settings.owner));
}

/** A package's image, `<registry>/<owner>/<package>`, as the one reference parser reads it (lowercased). */
function repositoryOf(registry: string, owner: string, name: string): string {
  return parseImageRef(`${registry}/${owner}/${name}`, { input: 'packages' }).repository;
}

async function readGraph(deps: CleanupDeps, repository: string, versions: PackageVersion[]): Promise<ManifestGraph> {
  const fetch = fetchFrom(deps.registryClient, repository);
  const { graph, fetched, failed } = await readManifestGraph(
    versions.map((v) => v.digest),
    fetch,
    deps.manifestCache,
  );
  for (const [digest, node] of graph) deps.manifestCache.set(digest, node);
  const unreadable = failed.length ? `, ${failed.length} unreadable` : '';
  const read = `${fetched} manifests read (${versions.length - fetched} from cache)${unreadable}`;
  deps.log.info(`${repository}: ${versions.length} versions, ${read}`);
  return graph;
}

/**
 * Every kept tag must still resolve to its digest, and every manifest its image lists (nested
 * indexes too) must still be there. HEAD requests: they do not count as downloads.
 */
async function verifyKeptImages(planned: ReadPackage[], deps: CleanupDeps): Promise<string[]> {
  const broken: string[] = [];
  for (const pkg of planned) {
    // Manifests that were never in the package were missing before this run (the plan warns).
    const listed = new Set(pkg.versions.map((v) => v.digest));
    const repository = repositoryOf(deps.registryClient.registry, pkg.owner, pkg.name);
    const checked = new Map<string, boolean>();
    const present = async (reference: string) => {
      if (!checked.has(reference)) {
        checked.set(reference, (await headManifest(deps.registryClient, repository, reference)) !== undefined);
      }
      return checked.get(reference)!;
    };
    for (const version of pkg.plan.versions) {
      const tags = version.tags.filter((tag) => !referrerTagSubject(tag));
      if (version.action !== 'keep' || !tags.length) continue;
      for (const digest of reachableFrom(pkg.graph, version.digest)) {
        if (!listed.has(digest) || (await present(digest))) continue;
        broken.push(`${pkg.name}:${tags[0]} is missing ${digest}`);
        break;
      }
    }
  }
  return broken;
}

function record(name: string, version: PlannedVersion): VersionRecord {
  return { package: name, id: version.id, digest: version.digest, tags: version.tags };
}
