/**
 * A GHCR package version as the planner sees it: GitHub's Packages API lists one per manifest
 * digest, with the tags in `metadata.container.tags`.
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

/**
 * When the version last changed. GHCR moves `updated_at` when a tag is added, so a re-tagged
 * image counts its age from the re-tag; the later of the two dates never deletes early.
 */
export function lastChanged(version: PackageVersion): number {
  return Math.max(Date.parse(version.createdAt) || 0, Date.parse(version.updatedAt) || 0);
}
