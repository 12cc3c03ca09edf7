import {
  ATTESTATION_MANIFEST,
  IMAGE_CONFIG_TYPES,
  REFERENCE_TYPE_ANNOTATION,
  SCHEMA1_TYPES,
  isImageManifestType,
  isIndexType,
} from './media-types.ts';
import {
  imageIndexSchema,
  imageManifestSchema,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type Platform,
} from './schemas.ts';

/**
 * What a manifest is, as every action sees it:
 * - `index`: an OCI index or Docker manifest list (children may be indexes again);
 * - `image`: a runnable image manifest for one platform;
 * - `attestation`: buildx's attestation manifest, listed in the index with platform
 *   unknown/unknown and `vnd.docker.reference.type: attestation-manifest`
 *   (https://docs.docker.com/build/metadata/attestations/attestation-storage/);
 * - `artifact`: an OCI manifest that is not an image (signature, SBOM, Helm chart…);
 * - `schema1`: Docker's retired signed format, which cannot be listed in an index.
 */
export type NodeKind = 'index' | 'image' | 'attestation' | 'artifact' | 'schema1' | 'unknown';

export type ParsedManifest =
  { kind: 'index'; index: ImageIndex } | { kind: 'manifest'; manifest: ImageManifest } | { kind: 'schema1' };

/** Parses manifest bytes by their media type (or shape, when the type is missing). */
export function parseManifest(mediaType: string, bytes: Uint8Array): ParsedManifest | undefined {
  if (SCHEMA1_TYPES.includes(mediaType)) return { kind: 'schema1' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
  if (isIndexType(mediaType) || (json !== null && typeof json === 'object' && 'manifests' in json)) {
    const parsed = imageIndexSchema.safeParse(json);
    return parsed.success ? { kind: 'index', index: parsed.data } : undefined;
  }
  const parsed = imageManifestSchema.safeParse(json);
  return parsed.success ? { kind: 'manifest', manifest: parsed.data } : undefined;
}

/** Kind of a descriptor as an index lists it, before its manifest is read. */
export function classifyDescriptor(descriptor: Descriptor): NodeKind {
  if (SCHEMA1_TYPES.includes(descriptor.mediaType)) return 'schema1';
  if (isIndexType(descriptor.mediaType)) return 'index';
  if (descriptor.annotations?.[REFERENCE_TYPE_ANNOTATION] === ATTESTATION_MANIFEST) return 'attestation';
  if (descriptor.artifactType) return 'artifact';
  if (isImageManifestType(descriptor.mediaType)) return 'image';
  return 'unknown';
}

/** Kind of a manifest from its content: an image config makes an image, anything else an artifact. */
export function classifyManifest(manifest: Pick<ImageManifest, 'artifactType' | 'config'>): NodeKind {
  if (manifest.artifactType) return 'artifact';
  return IMAGE_CONFIG_TYPES.includes(manifest.config.mediaType) ? 'image' : 'artifact';
}

/** `os/architecture[/variant]`, the form docker and buildx print. */
export function platformKey(platform: Platform | undefined): string {
  if (!platform) return 'unknown';
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** True for buildx's placeholder platform on attestation manifests. */
export function isUnknownPlatform(platform: Platform | undefined): boolean {
  return !platform || (platform.os === 'unknown' && platform.architecture === 'unknown');
}
