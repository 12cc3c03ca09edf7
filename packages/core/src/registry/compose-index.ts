import { InputError } from '../errors/index.ts';
import { sha256Digest } from './digest.ts';
import { classifyDescriptor, isUnknownPlatform, platformKey } from './manifest-kinds.ts';
import { OCI_INDEX, REFERENCE_DIGEST_ANNOTATION } from './media-types.ts';
import type { Descriptor, ImageIndex } from './schemas.ts';

export interface PlatformSource {
  /** The image manifest for one platform; `platform` must be set. */
  descriptor: Descriptor;
  /** Where it came from, for error messages (a digest, or `name@digest`). */
  source: string;
  /** buildx attestation manifests that describe this image, kept beside it. */
  attestations?: Descriptor[];
}

export interface ComposedIndex {
  index: ImageIndex;
  /** The exact bytes to push; the digest is theirs. */
  bytes: Uint8Array;
  digest: string;
  mediaType: typeof OCI_INDEX;
  /** `os/arch[/variant]` of each image, in index order. */
  platforms: string[];
}

export interface ComposeOptions {
  annotations?: Record<string, string>;
  /** The input named in errors. */
  input?: string;
}

/**
 * Joins per-platform images into one OCI image index. Pure.
 *
 * The result is always an OCI index: it is the only list type that carries annotations and
 * attestation manifests, and children of both OCI and Docker schema 2 types are fine in it
 * (buildx `imagetools create` also falls back to an OCI index for such a mix:
 * https://github.com/docker/buildx/pull/1797). What is refused is what no client can pull
 * from an index: schema 1 manifests (signed over their own bytes, never listable), nested
 * indexes (the Docker engine's classic store does not descend into them), artifacts that
 * are not images, and two different images claiming one platform (a client would pick
 * either; https://github.com/opencontainers/image-spec/blob/main/image-index.md).
 */
export function composeIndex(sources: readonly PlatformSource[], options: ComposeOptions = {}): ComposedIndex {
  const input = options.input ?? 'digests';
  if (sources.length === 0) {
    const fix = 'Give at least one digest pushed by a build job.';
    throw new InputError(input, '', 'there is no image to put in the index', fix);
  }
  const images = new Map<string, PlatformSource>();
  const seenDigests = new Set<string>();
  for (const source of sources) {
    const { descriptor } = source;
    const { digest, mediaType, artifactType } = descriptor;
    const refuse = (problem: string, fix: string) => new InputError(input, source.source, problem, fix);
    const kind = classifyDescriptor(descriptor);
    if (kind === 'schema1') {
      throw refuse(
        `${digest} is a Docker schema 1 manifest (${mediaType}), which cannot be listed in an index`,
        'Rebuild the image with a current builder (buildx, buildah, kaniko all push schema 2 or OCI).',
      );
    }
    if (kind === 'index') {
      throw refuse(
        `${digest} is itself an index; nested indexes do not pull on every client`,
        'Pass the per-platform image digests, or the index whose platform images should be joined.',
      );
    }
    if (kind !== 'image') {
      const types = `media type ${mediaType}${artifactType ? `, artifact type ${artifactType}` : ''}`;
      throw refuse(
        `${digest} is not a container image (${types})`,
        'Only image manifests (OCI or Docker schema 2) can be joined into a multi-platform image.',
      );
    }
    if (isUnknownPlatform(descriptor.platform)) {
      throw refuse(
        `${digest} does not say which platform it is for`,
        'Push images whose config has os and architecture set.',
      );
    }
    if (seenDigests.has(descriptor.digest)) continue;
    seenDigests.add(descriptor.digest);
    const key = platformKey(descriptor.platform);
    const other = images.get(key);
    if (other) {
      throw refuse(
        `${descriptor.digest} and ${other.descriptor.digest} are both for ${key}`,
        'Give one digest per platform; a leftover digest file from another run is the usual cause.',
      );
    }
    images.set(key, source);
  }

  // Sorted by platform so that the digest does not depend on the order digest files were listed.
  const ordered = [...images.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const included = new Set(ordered.map(([, s]) => s.descriptor.digest));
  const manifests: Descriptor[] = ordered.map(([, s]) => cleanDescriptor(s.descriptor));
  const attestationDigests = new Set<string>();
  for (const [, source] of ordered) {
    for (const attestation of source.attestations ?? []) {
      const target = attestation.annotations?.[REFERENCE_DIGEST_ANNOTATION];
      // An attestation for an image not in this index would dangle; leave it out.
      if (!target || !included.has(target) || attestationDigests.has(attestation.digest)) continue;
      attestationDigests.add(attestation.digest);
      manifests.push(cleanDescriptor(attestation));
    }
  }
  const index: ImageIndex = { schemaVersion: 2, mediaType: OCI_INDEX, manifests };
  if (options.annotations && Object.keys(options.annotations).length) {
    index.annotations = Object.fromEntries(Object.entries(options.annotations).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  const bytes = Buffer.from(JSON.stringify(index));
  return { index, bytes, digest: sha256Digest(bytes), mediaType: OCI_INDEX, platforms: ordered.map(([key]) => key) };
}

/** The fields an index descriptor holds, in a fixed order (stable bytes, stable digest). */
function cleanDescriptor(d: Descriptor): Descriptor {
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    ...(d.urls && { urls: d.urls }),
    ...(d.annotations && Object.keys(d.annotations).length > 0 && { annotations: d.annotations }),
    ...(d.platform && { platform: d.platform }),
    ...(d.artifactType && { artifactType: d.artifactType }),
  };
}
