// zod/mini, not zod: every action that talks to a registry imports these schemas, and the full
// library would add about 440 KB to each bundle. https://zod.dev/packages/mini
import * as z from 'zod/mini';

// Shapes from the OCI image spec; unknown fields pass through untouched, because we re-push
// manifests byte for byte and never re-serialize what a registry gave us.
// https://github.com/opencontainers/image-spec/blob/main/descriptor.md

const digest = z.string().check(z.regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, 'not a digest'));
const annotations = z.optional(z.record(z.string(), z.string()));

export const platformSchema = z.looseObject({
  architecture: z.string(),
  os: z.string(),
  'os.version': z.optional(z.string()),
  'os.features': z.optional(z.array(z.string())),
  variant: z.optional(z.string()),
});
export type Platform = z.infer<typeof platformSchema>;

export const descriptorSchema = z.looseObject({
  mediaType: z.string(),
  digest,
  size: z.number().check(z.int(), z.nonnegative()),
  urls: z.optional(z.array(z.string())),
  annotations,
  platform: z.optional(platformSchema),
  artifactType: z.optional(z.string()),
});
export type Descriptor = z.infer<typeof descriptorSchema>;

export const imageManifestSchema = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.optional(z.string()),
  artifactType: z.optional(z.string()),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: z.optional(descriptorSchema),
  annotations,
});
export type ImageManifest = z.infer<typeof imageManifestSchema>;

export const imageIndexSchema = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.optional(z.string()),
  artifactType: z.optional(z.string()),
  manifests: z.array(descriptorSchema),
  subject: z.optional(descriptorSchema),
  annotations,
});
export type ImageIndex = z.infer<typeof imageIndexSchema>;

/** The part of an image config that says which platform it runs on. */
export const imageConfigPlatformSchema = platformSchema;

export const tagListSchema = z.object({
  name: z.string(),
  tags: z.nullable(z.array(z.string())),
});

/** https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes */
export const errorBodySchema = z.object({
  errors: z.array(z.looseObject({ code: z.string(), message: z.optional(z.string()) })),
});
