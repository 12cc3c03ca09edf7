export { GITHUB_LIMITS, WRITES_PER_MINUTE, WRITE_SPACING_MS, OUR_CONCURRENCY } from './github-limits.ts';
export { createGitHubClient, requestKind, type GitHubClientOptions, type GitHubOctokit } from './github-octokit.ts';
export { PackagesClient, PackagesAccessError } from './packages-client.ts';
export {
  packagePath,
  versionsPath,
  versionPath,
  describePackage,
  type OwnerKind,
  type PackageOwner,
  type PackageRef,
} from './package-owner.ts';
export { RequestBudget } from './request-budget.ts';
export { classifyVersionError, permissionFix, type VersionOutcome } from './version-outcome.ts';
export type { PackageVersion } from './package-version.ts';
export { packageVersionSchema, toPackageVersion, type ApiPackageVersion } from './version-schema.ts';
export { olderRunInProgress, type ConcurrentRun } from './concurrent-runs.ts';
