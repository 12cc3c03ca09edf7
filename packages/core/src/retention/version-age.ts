import type { PackageVersion } from '../ghcr/package-version.ts';

/**
 * When the version last changed. GHCR moves `updated_at` when a tag is added, so a re-tagged
 * image counts its age from the re-tag; the later of the two dates never deletes early.
 */
export function lastChanged(version: PackageVersion): number {
  return Math.max(Date.parse(version.createdAt) || 0, Date.parse(version.updatedAt) || 0);
}

/** Newest first by `created_at` (keep-n-tagged / keep-n-untagged), the higher id on a tie. */
export function newestFirst(a: PackageVersion, b: PackageVersion): number {
  return (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0) || b.id - a.id;
}
