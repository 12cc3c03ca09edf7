/**
 * Who owns a container package, which decides the REST paths:
 *   organization        /orgs/{org}/packages/container/{name}/…
 *   another user        /users/{user}/packages/container/{name}/…
 *   the token's user    /user/packages/container/{name}/…  (deleting needs this form)
 * https://docs.github.com/en/rest/packages/packages
 */
export type OwnerKind = 'org' | 'user' | 'authenticated-user';

export interface PackageOwner {
  kind: OwnerKind;
  /** The organization or user login (empty for the authenticated user). */
  login: string;
}

export interface PackageRef {
  owner: PackageOwner;
  /** The package name as in the image path (`app`, or `team/app`). */
  name: string;
}

/** The base path of a package; names holding `/` are escaped as one path segment. */
export function packagePath({ owner, name }: PackageRef): string {
  const pkg = `packages/container/${encodeURIComponent(name)}`;
  if (owner.kind === 'org') return `/orgs/${encodeURIComponent(owner.login)}/${pkg}`;
  if (owner.kind === 'user') return `/users/${encodeURIComponent(owner.login)}/${pkg}`;
  return `/user/${pkg}`;
}

export function versionsPath(ref: PackageRef): string {
  return `${packagePath(ref)}/versions`;
}

export function versionPath(ref: PackageRef, id: number): string {
  return `${versionsPath(ref)}/${id}`;
}

export function describePackage({ owner, name }: PackageRef): string {
  return owner.kind === 'authenticated-user' ? `${name} (your user)` : `${owner.login}/${name}`;
}
