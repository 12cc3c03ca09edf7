// zod/mini, not zod: the build bundle parses one small file with it, and the full library
// would be four fifths of the bundle and a measurable share of every start (bench/build.bench.ts).
// https://zod.dev/packages/mini
import * as z from 'zod/mini';

const digest = z.string().check(z.regex(/^sha256:[a-f0-9]{64}$/, 'not a sha256 digest'));

/**
 * The file `docker buildx build --metadata-file` writes. Keys are BuildKit exporter responses
 * plus buildx's own (`buildx.build.ref`, `buildx.build.provenance`, `buildx.build.warnings`);
 * unknown keys are kept so the `metadata` output passes them on.
 * https://docs.docker.com/reference/cli/docker/buildx/build/#metadata-file
 */
export const BuildxMetadataSchema = z.looseObject({
  'containerimage.digest': z.optional(digest),
  'containerimage.config.digest': z.optional(digest),
  'containerimage.descriptor': z.optional(
    z.looseObject({
      mediaType: z.string(),
      digest,
      size: z.number().check(z.int(), z.nonnegative()),
      annotations: z.optional(z.record(z.string(), z.string())),
      platform: z.optional(
        z.looseObject({ architecture: z.string(), os: z.string(), variant: z.optional(z.string()) }),
      ),
    }),
  ),
  /** Comma-separated names the image was exported under (tags, or bare names when pushed by digest). */
  'image.name': z.optional(z.string()),
  'buildx.build.ref': z.optional(z.string()),
  'buildx.build.provenance': z.optional(z.unknown()),
  'buildx.build.warnings': z.optional(z.array(z.unknown())),
});

export type BuildxMetadata = z.infer<typeof BuildxMetadataSchema>;

export interface BuildResult {
  digest: string;
  configDigest: string;
  /** Every name in image.name, as buildx printed them. */
  imageNames: string[];
  buildRef: string;
  mediaType: string;
  raw: Record<string, unknown>;
}

/** Parses the metadata file's text; a file buildx left empty (a failed export) gives empty fields. */
export function parseBuildxMetadata(text: string): BuildResult {
  const json: unknown = text.trim() === '' ? {} : JSON.parse(text);
  const parsed = BuildxMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`buildx metadata file is not in the documented shape: ${issues}`);
  }
  const data = parsed.data;
  return {
    digest: data['containerimage.digest'] ?? data['containerimage.descriptor']?.digest ?? '',
    configDigest: data['containerimage.config.digest'] ?? '',
    imageNames: (data['image.name'] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
    buildRef: data['buildx.build.ref'] ?? '',
    mediaType: data['containerimage.descriptor']?.mediaType ?? '',
    raw: data as Record<string, unknown>,
  };
}
