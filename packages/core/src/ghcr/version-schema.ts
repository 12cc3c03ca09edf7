import * as z from 'zod/mini';
import type { PackageVersion } from './package-version.ts';

/**
 * A package version as the Packages API returns it; only the fields we use are checked.
 * https://docs.github.com/en/rest/packages/packages#get-a-package-version-for-an-organization
 */
export const packageVersionSchema = z.object({
  id: z.int(),
  /** For containers, the manifest digest. */
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  deleted_at: z.nullish(z.string()),
  metadata: z.optional(
    z.object({
      package_type: z.optional(z.string()),
      container: z.optional(z.object({ tags: z.array(z.string()) })),
    }),
  ),
});

export type ApiPackageVersion = z.infer<typeof packageVersionSchema>;

export function toPackageVersion(api: ApiPackageVersion): PackageVersion {
  return {
    id: api.id,
    digest: api.name,
    tags: api.metadata?.container?.tags ?? [],
    createdAt: api.created_at,
    updatedAt: api.updated_at,
  };
}
