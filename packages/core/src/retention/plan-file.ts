import * as z from 'zod/mini';
import type { ManifestGraph } from './manifest-graph.ts';
import type { PackageVersion } from '../ghcr/package-version.ts';
import { PLAN_SCHEMA_VERSION, type Plan } from './plan.ts';
import { ReachabilityIndex } from './reachability.ts';

/**
 * What a dry run saves and `plan-file:` / `restore-from:` read back: one plan per package.
 * Checked with zod at the boundary, loosely inside a plan (it is our own output).
 */
export interface PlanFile {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  registry: string;
  packages: PlannedPackage[];
}

export interface PlannedPackage {
  owner: string;
  ownerKind: 'org' | 'user' | 'authenticated-user';
  name: string;
  plan: Plan;
}

const plannedVersion = z.object({
  id: z.number(),
  digest: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  action: z.enum(['keep', 'delete']),
  reasons: z.array(z.looseObject({ code: z.string(), message: z.string() })),
  bytes: z.number(),
});

const planFileSchema = z.object({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  registry: z.string(),
  packages: z.array(
    z.object({
      owner: z.string(),
      ownerKind: z.enum(['org', 'user', 'authenticated-user']),
      name: z.string(),
      plan: z.looseObject({ schemaVersion: z.literal(PLAN_SCHEMA_VERSION), versions: z.array(plannedVersion) }),
    }),
  ),
});

export type PlanFileResult = { ok: true; file: PlanFile } | { ok: false; problem: string };

export function parsePlanFile(text: string): PlanFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `is not JSON (${(error as Error).message})` };
  }
  const parsed = planFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = `${issue.path.join('.')}: ${issue.message}`;
    return { ok: false, problem: `is not a ghcr-kit plan of schema version ${PLAN_SCHEMA_VERSION} (${where})` };
  }
  return { ok: true, file: parsed.data as unknown as PlanFile };
}

/**
 * Whether a saved plan may still be applied exactly: each version it deletes must still be
 * there with the same digest and tags, and nothing pushed since (a new version is a root until
 * a plan says otherwise) may reach it.
 */
export function planStillApplies(plan: Plan, versions: readonly PackageVersion[], graph: ManifestGraph): string[] {
  const problems: string[] = [];
  const now = new Map(versions.map((v) => [v.id, v]));
  const planned = new Map(plan.versions.map((v) => [v.id, v]));
  const deletions = plan.versions.filter((v) => v.action === 'delete');
  for (const version of deletions) {
    const current = now.get(version.id);
    if (!current) continue; // already gone: nothing to do
    const named = `version ${version.id} (${version.digest})`;
    if (current.digest !== version.digest) {
      problems.push(`version ${version.id} now has digest ${current.digest}, not ${version.digest}`);
    }
    if (tagSet(current.tags) !== tagSet(version.tags)) {
      problems.push(`${named} now has tags [${current.tags.join(', ')}], the plan saw [${version.tags.join(', ')}]`);
    }
  }
  const roots = versions.filter((v) => planned.get(v.id)?.action !== 'delete').map((v) => v.digest);
  const reached = new ReachabilityIndex(versions, graph).reach(roots);
  for (const version of deletions) {
    const reach = reached.get(version.digest);
    if (!reach) continue;
    const named = `version ${version.id} (${version.digest})`;
    problems.push(`${named} is now reached from ${reach.root}, which the plan keeps or did not know`);
  }
  return problems;
}

/** Tags compared as a set: GitHub lists a version's tags in no promised order. */
function tagSet(tags: readonly string[]): string {
  return [...tags].sort().join(',');
}
