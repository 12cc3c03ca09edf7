import { describePackage, type PackageRef } from './package-owner.ts';

/**
 * What happened to one delete or restore, classified from GitHub's answer so that a run
 * reports per version instead of crashing, and stops at once when it lacks permission.
 */
export type VersionOutcome =
  | { kind: 'done' }
  | { kind: 'already-gone'; message: string }
  | { kind: 'no-permission'; message: string }
  | { kind: 'last-version'; message: string }
  | { kind: 'too-many-downloads'; message: string }
  | { kind: 'rate-limited'; message: string }
  | { kind: 'failed'; message: string };

/**
 * The fix GitHub documents for an Actions token that may not delete: grant the repository
 * Admin access in the package settings, and `packages: write` in the workflow.
 * https://docs.github.com/en/packages/learn-github-packages/configuring-a-packages-access-control-and-visibility#ensuring-workflow-access-to-your-package
 * https://docs.github.com/en/packages/learn-github-packages/deleting-and-restoring-a-package
 */
export function permissionFix(ref: PackageRef): string {
  const settings = `In the package settings of ${describePackage(ref)} → Manage Actions access`;
  return (
    `${settings}, give this repository the Admin role, ` +
    'and grant `permissions: packages: write` to the job (or use a token with delete:packages).'
  );
}

/**
 * GitHub's answers to a DELETE that cannot go through:
 * - 404 for a version that was just listed: someone (or an earlier run) deleted it already;
 *   but a 404 for the package itself, or a 403, is a token that may not see or delete it.
 * - 400 "You cannot delete the last tagged version of a package" (delete the package instead).
 * - 400 for public versions with more than 5,000 downloads, which only GitHub support removes.
 * https://docs.github.com/en/packages/learn-github-packages/deleting-and-restoring-a-package
 */
export function classifyVersionError(
  ref: PackageRef,
  id: number,
  status: number,
  apiMessage: string,
  versionWasListed: boolean,
): VersionOutcome {
  const subject = `version ${id} of ${describePackage(ref)}`;
  const answered = `GitHub answered ${status} (${apiMessage || 'no message'})`;
  if (status === 429 || (status === 403 && /rate limit/i.test(apiMessage))) {
    return { kind: 'rate-limited', message: `${subject}: rate limited (${apiMessage})` };
  }
  if (status === 404 && versionWasListed && !/package not found/i.test(apiMessage)) {
    return { kind: 'already-gone', message: `${subject} is already gone` };
  }
  if (status === 403 || status === 404 || status === 401) {
    const message = `${subject}: ${answered}, which means the token may not delete it. ${permissionFix(ref)}`;
    return { kind: 'no-permission', message };
  }
  if (/last (tagged )?version/i.test(apiMessage)) {
    const message = `${subject} is the package's last version; GitHub deletes it only with the package itself`;
    return { kind: 'last-version', message };
  }
  if (/5,?000 downloads/i.test(apiMessage)) {
    const message = `${subject} is public and has more than 5,000 downloads; only GitHub support can delete it`;
    return { kind: 'too-many-downloads', message };
  }
  return { kind: 'failed', message: `${subject}: ${answered}` };
}
