export type { Age, Policy, PolicyProblem, PolicyResult, Retention, RetentionRule } from './policy.ts';
export { parsePolicyYaml } from './policy-schema.ts';
export {
  policyFromShorthands,
  resolvePolicy,
  hasShorthands,
  NO_SHORTHANDS,
  type ShorthandInputs,
  type PolicySources,
} from './shorthand-policy.ts';
export { parseDuration, formatDuration } from './duration.ts';
export { checkGlob, checkRegex, MAX_GLOB_LENGTH, MAX_REGEX_LENGTH } from './pattern-safety.ts';
export { globToRegExp, referrerTagSubject } from './tag-pattern.ts';
export { manifestGraph, type ManifestGraph, type ManifestNode } from './manifest-graph.ts';
export { lastChanged, newestFirst } from './version-age.ts';
export { PLAN_SCHEMA_VERSION, type Plan, type PlannedVersion, type Reason, type ReasonCode } from './plan.ts';
export { planRetention } from './plan-retention.ts';
export { ReachabilityIndex } from './reachability.ts';
export { deletionOrder } from './deletion-order.ts';
export {
  parsePlanFile,
  planStillApplies,
  type PlanFile,
  type PlannedPackage,
  type PlanFileResult,
} from './plan-file.ts';
export { planSummary, formatBytes } from './plan-summary.ts';
export { planTable } from './plan-table.ts';
