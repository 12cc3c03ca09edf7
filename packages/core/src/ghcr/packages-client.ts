import type { PackageVersion } from './package-version.ts';
import { GITHUB_LIMITS } from './github-limits.ts';
import type { GitHubOctokit } from './github-octokit.ts';
import { describePackage, versionPath, versionsPath, type OwnerKind, type PackageRef } from './package-owner.ts';
import type { RequestBudget } from './request-budget.ts';
import { classifyVersionError, permissionFix, type VersionOutcome } from './version-outcome.ts';
import { packageVersionSchema, toPackageVersion } from './version-schema.ts';

/** A failure that must stop the run before anything is deleted. */
export class PackagesAccessError extends Error {
  override readonly name = 'PackagesAccessError';
}

/**
 * The GitHub Packages REST API for container packages: list, delete and restore versions.
 * https://docs.github.com/en/rest/packages/packages
 */
export class PackagesClient {
  constructor(
    readonly octokit: GitHubOctokit,
    readonly budget: RequestBudget,
  ) {}

  /** Whether a login is an organization or a user (GET /users/{login} answers both). */
  async ownerKind(login: string): Promise<OwnerKind> {
    try {
      const { data } = await this.octokit.request('GET /users/{username}', { username: login });
      return (data as { type?: string }).type === 'Organization' ? 'org' : 'user';
    } catch (error) {
      const answered = `GitHub answered ${statusOf(error)} (${messageOf(error)})`;
      throw new PackagesAccessError(`owner ${login}: ${answered}; check the owner input`);
    }
  }

  /**
   * Names of the owner's container packages, for wildcards in `packages`. A GITHUB_TOKEN cannot
   * list packages (GitHub answers 403 "Resource not accessible by integration"), so this needs
   * a token with read:packages, and the error says so.
   * https://docs.github.com/en/rest/packages/packages#list-packages-for-an-organization
   */
  async listPackageNames(owner: { kind: 'org' | 'user'; login: string }): Promise<string[]> {
    const path = owner.kind === 'org' ? '/orgs/{owner}/packages' : '/users/{owner}/packages';
    const names: string[] = [];
    try {
      const query = { owner: owner.login, package_type: 'container', per_page: GITHUB_LIMITS.maxPerPage };
      for await (const page of this.octokit.paginate.iterator(`GET ${path}`, query)) {
        const items = page.data as Array<{ name?: unknown }>;
        names.push(...items.map((item) => item.name).filter((name): name is string => typeof name === 'string'));
      }
    } catch (error) {
      const status = statusOf(error);
      if (status === 401 || status === 403 || status === 404) {
        throw new PackagesAccessError(
          `listing the packages of ${owner.login} answered ${status} (${messageOf(error)}). ` +
            'A wildcard in "packages" needs a token that can list packages: a GITHUB_TOKEN cannot. ' +
            'Pass a token with read:packages (and delete:packages to delete), or list the package names.',
        );
      }
      throw error;
    }
    return names;
  }

  /**
   * Every version of a package, 100 per page (the documented maximum), following `Link`.
   * `state: 'deleted'` lists what can still be restored (GitHub keeps deleted versions 30 days).
   */
  async listVersions(ref: PackageRef, state: 'active' | 'deleted' = 'active'): Promise<PackageVersion[]> {
    const versions: PackageVersion[] = [];
    try {
      const query = { per_page: GITHUB_LIMITS.maxPerPage, state };
      for await (const page of this.octokit.paginate.iterator(`GET ${versionsPath(ref)}`, query)) {
        for (const item of page.data as unknown[]) versions.push(toPackageVersion(packageVersionSchema.parse(item)));
      }
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 403 || status === 401) {
        throw new PackagesAccessError(
          `${describePackage(ref)}: listing versions answered ${status} (${messageOf(error)}). ` +
            `The package does not exist, or the token cannot see it. ${permissionFix(ref)}`,
        );
      }
      throw error;
    }
    return versions;
  }

  async deleteVersion(ref: PackageRef, id: number): Promise<VersionOutcome> {
    try {
      await this.octokit.request(`DELETE ${versionPath(ref, id)}`);
      return { kind: 'done' };
    } catch (error) {
      const status = statusOf(error);
      // A DELETE answered 5xx may still have happened (a proxy timed out while GitHub deleted).
      // Its retry then gets 404, or the version no longer exists: it was this run that deleted it.
      if (status === 404 && retriedOf(error) > 0) return { kind: 'done' };
      if (status !== undefined && status >= 500 && (await this.isGone(ref, id))) return { kind: 'done' };
      return this.outcomeOf(ref, id, error);
    }
  }

  /** https://docs.github.com/en/rest/packages/packages#restore-package-version-for-an-organization */
  async restoreVersion(ref: PackageRef, id: number): Promise<VersionOutcome> {
    try {
      await this.octokit.request(`POST ${versionPath(ref, id)}/restore`);
      return { kind: 'done' };
    } catch (error) {
      return this.outcomeOf(ref, id, error);
    }
  }

  /** Whether GET answers 404 for a version just listed; unknown (false) when it cannot tell. */
  private async isGone(ref: PackageRef, id: number): Promise<boolean> {
    try {
      await this.octokit.request(`GET ${versionPath(ref, id)}`);
      return false;
    } catch (error) {
      return statusOf(error) === 404;
    }
  }

  private outcomeOf(ref: PackageRef, id: number, error: unknown): VersionOutcome {
    const status = statusOf(error);
    if (status === undefined) return { kind: 'failed', message: `version ${id}: ${messageOf(error)}` };
    return classifyVersionError(ref, id, status, messageOf(error), true);
  }
}

/** How many times @octokit/plugin-retry sent the request again before this answer. */
function retriedOf(error: unknown): number {
  return Number((error as { request?: { request?: { retryCount?: number } } }).request?.request?.retryCount ?? 0);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: string } } }).response?.data;
  return data?.message ?? (error instanceof Error ? error.message : String(error));
}
