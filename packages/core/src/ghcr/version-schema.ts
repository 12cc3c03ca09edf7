import { z } from 'zod';
import type { PackageVersion } from '../retention/index.ts';

/**
 * A package version as the Packages API returns it; only the fields we use are checked.
 * https://docs.github.com/en/rest/packages/packages#get-a-package-version-for-an-organization
 */
export const packageVersionSchema = z.object({
  id: z.number().int(),
  /** For containers, the manifest digest. */
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  deleted_at: z.string().nullish(),
  metadata: z
    .object({
      package_type: z.string().optional(),
      container: z.object({ tags: z.array(z.string()) }).optional(),
    })
    .optional(),
});

export type ApiPackageVersion = z.infer<typeof packageVersionSchema>;

export function toPackageVersion(api: ApiPackageVersion): PackageVersion {
  return { id: api.id, digest: api.name, tags: api.metadata?.container?.tags ?? [], createdAt: api.created_at, updatedAt: api.updated_at };
}
