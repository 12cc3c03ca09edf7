/**
 * A GHCR package version: GitHub's Packages API lists one per manifest digest, with the tags in
 * `metadata.container.tags`. The planner in retention/ takes these as plain data.
 * https://docs.github.com/en/rest/packages/packages#list-package-versions-for-a-package-owned-by-an-organization
 */
export interface PackageVersion {
  id: number;
  /** `name` in the API: the manifest digest. */
  digest: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}
