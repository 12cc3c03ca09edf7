import { createGitHubClient, packagePath, type PackageRef } from '@ghcr-kit/core/ghcr';
import type { ImageRef } from '@ghcr-kit/core/reference';
import * as z from 'zod/mini';
import type { Finding } from './finding.ts';

// What doctor reads of "Get a package": the repository it is linked to, absent when none.
// https://docs.github.com/en/rest/packages/packages#get-a-package-for-an-organization
const packageSchema = z.looseObject({ repository: z.optional(z.nullable(z.looseObject({ full_name: z.string() }))) });

export interface PackageAccessOptions {
  token: string;
  /** GITHUB_API_URL. */
  baseUrl: string;
  /** owner/name of the repository whose workflows push. */
  repository: string;
  /** The token is a workflow's GITHUB_TOKEN of that repository, so what it sees is what the workflow sees. */
  workflowToken: boolean;
}

/** How to get a token doctor can read packages with. */
export const READ_PACKAGES_FIX =
  'use a token that can read packages: `gh auth refresh -s read:packages`, then GH_TOKEN="$(gh auth token)"; ' +
  'or a classic PAT with read:packages';

const ACCESS_FIX = (repository: string) =>
  `in the package's settings (github.com → Packages → the package → Package settings), ` +
  `under "Manage Actions access", ` +
  `add ${repository} with the Write role (Admin for cleanup)`;

/**
 * Whether the package behind a ghcr.io image is linked to the repository (the linked repository
 * inherits Actions access) and, with a workflow's own token, whether that repository's
 * workflows can see it. GitHub has no REST endpoint that lists a package's Actions access, so
 * from outside a workflow the link is what can be checked.
 * https://docs.github.com/en/packages/learn-github-packages/configuring-a-packages-access-control-and-visibility
 */
export async function checkPackageAccess(image: ImageRef, options: PackageAccessOptions): Promise<Finding> {
  const [owner = '', ...rest] = image.repository.split('/');
  const subject = `ghcr.io/${image.repository}`;
  const { octokit } = createGitHubClient({ token: options.token, baseUrl: options.baseUrl });
  const status = (error: unknown) => (error as { status?: number }).status;
  let kind: 'org' | 'user';
  try {
    const { data } = await octokit.request('GET /users/{username}', { username: owner });
    kind = data.type === 'Organization' ? 'org' : 'user';
  } catch (error) {
    if (status(error) === 401)
      return {
        check: 'package',
        status: 'fail',
        subject,
        message: 'the token was refused (401)',
        fix: READ_PACKAGES_FIX,
      };
    return {
      check: 'package',
      status: 'warn',
      subject,
      message: `could not look up ${owner}: ${(error as Error).message}`,
    };
  }
  const ref: PackageRef = { owner: { kind, login: owner }, name: rest.join('/') };
  try {
    const { data } = await octokit.request(`GET ${packagePath(ref)}`);
    const linked = packageSchema.parse(data).repository?.full_name;
    if (options.workflowToken)
      return {
        check: 'package',
        status: 'ok',
        subject,
        message: `${options.repository}'s workflows can see it (linked to ${linked ?? 'no repository'})`,
      };
    if (linked?.toLowerCase() === options.repository.toLowerCase()) {
      return {
        check: 'package',
        status: 'ok',
        subject,
        message: `linked to ${linked}, whose workflows inherit access to it`,
      };
    }
    return {
      check: 'package',
      status: 'fail',
      subject,
      message: linked
        ? `linked to ${linked}, not ${options.repository}: ` +
          `pushes from ${options.repository} fail with 403 unless it was given access`
        : `linked to no repository: ${options.repository}'s workflows have no access unless given it`,
      fix:
        `${ACCESS_FIX(options.repository)}; or, if this package belongs to ${options.repository}, ` +
        'connect it there (Package settings → Connect repository)',
    };
  } catch (error) {
    const code = status(error);
    if (code === 404 && options.workflowToken) {
      return {
        check: 'package',
        status: 'fail',
        subject,
        message: `${options.repository}'s workflows cannot see this package`,
        fix: ACCESS_FIX(options.repository),
      };
    }
    if (code === 404) {
      return {
        check: 'package',
        status: 'warn',
        subject,
        message: 'no such package yet, or the token cannot see it',
        fix:
          `the first push from ${options.repository} creates it linked to that repository ` +
          "(the meta action's org.opencontainers.image.source label does that); " +
          'to check an existing one, use a token with read:packages',
      };
    }
    if (code === 401 || code === 403)
      return {
        check: 'package',
        status: 'fail',
        subject,
        message: `the token cannot read packages (${code})`,
        fix: READ_PACKAGES_FIX,
      };
    return {
      check: 'package',
      status: 'warn',
      subject,
      message: `could not read the package: ${(error as Error).message}`,
    };
  }
}
