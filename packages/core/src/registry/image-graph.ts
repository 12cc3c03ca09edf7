import type { RegistryClient } from './client.ts';
import { readBlob } from './blobs.ts';
import { getManifest } from './manifests.ts';
import {
  ATTESTATION_MANIFEST, IMAGE_CONFIG_TYPES, REFERENCE_DIGEST_ANNOTATION, REFERENCE_TYPE_ANNOTATION, SCHEMA1_TYPES,
  isImageManifestType, isIndexType,
} from './media-types.ts';
import { listReferrers } from './referrers.ts';
import { RegistryError } from './registry-error.ts';
import {
  imageConfigPlatformSchema, imageIndexSchema, imageManifestSchema,
  type Descriptor, type ImageIndex, type ImageManifest, type Platform,
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

export interface ImageNode {
  descriptor: Descriptor;
  kind: NodeKind;
  platform?: Platform;
  /** For an index: its children, in order. */
  children: ImageNode[];
  /** Manifests whose `subject` is this one (referrers API or fallback tag). */
  referrers: ImageNode[];
  /** The digest this node's `subject` field points to. */
  subject?: string;
  /** For an attestation: the digest of the image it describes. */
  attests?: string;
}

export type ParsedManifest =
  | { kind: 'index'; index: ImageIndex }
  | { kind: 'manifest'; manifest: ImageManifest }
  | { kind: 'schema1' };

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
export function classifyManifest(manifest: ImageManifest): NodeKind {
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

export interface LoadGraphOptions {
  /** Also ask for `subject` referrers of each image (one request per image). */
  referrers?: boolean;
  /** Read image configs to learn platforms that descriptors do not carry. Default true. */
  platforms?: boolean;
  /** How deep nested indexes are followed. */
  maxDepth?: number;
}

/** Reads the manifest graph under a tag or digest: index → children → (referrers). */
export async function loadImageGraph(client: RegistryClient, repository: string, reference: string, options: LoadGraphOptions = {}): Promise<ImageNode> {
  const root = await getManifest(client, repository, reference);
  const descriptor: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.bytes.byteLength };
  return buildNode(client, repository, descriptor, root.bytes, options, 0);
}

async function buildNode(client: RegistryClient, repository: string, descriptor: Descriptor, bytes: Uint8Array, options: LoadGraphOptions, depth: number): Promise<ImageNode> {
  const parsed = parseManifest(descriptor.mediaType, bytes);
  if (!parsed) throw new RegistryError(client.registry, repository, descriptor.digest, 0, `the manifest (${descriptor.mediaType || 'no media type'}) is neither an image manifest nor an index`);
  const node: ImageNode = { descriptor, kind: 'unknown', children: [], referrers: [], ...(descriptor.platform && { platform: descriptor.platform }) };
  if (parsed.kind === 'schema1') return { ...node, kind: 'schema1' };
  if (parsed.kind === 'index') {
    node.kind = 'index';
    if (parsed.index.subject) node.subject = parsed.index.subject.digest;
    if (depth >= (options.maxDepth ?? 4)) return node;
    for (const child of parsed.index.manifests) {
      const fetched = await getManifest(client, repository, child.digest);
      const childNode = await buildNode(client, repository, { ...child, mediaType: child.mediaType || fetched.mediaType }, fetched.bytes, options, depth + 1);
      if (classifyDescriptor(child) === 'attestation') {
        childNode.kind = 'attestation';
        const target = child.annotations?.[REFERENCE_DIGEST_ANNOTATION];
        if (target) childNode.attests = target;
      }
      node.children.push(childNode);
    }
    return node;
  }
  const manifest = parsed.manifest;
  node.kind = classifyDescriptor(descriptor) === 'attestation' ? 'attestation' : classifyManifest(manifest);
  if (manifest.subject) node.subject = manifest.subject.digest;
  if (node.kind === 'image' && !node.platform && options.platforms !== false) {
    node.platform = await readPlatform(client, repository, manifest);
  }
  if (node.kind === 'image' && options.referrers) {
    const found = await listReferrers(client, repository, descriptor.digest);
    for (const referrer of found.descriptors) {
      const fetched = await getManifest(client, repository, referrer.digest);
      node.referrers.push(await buildNode(client, repository, referrer, fetched.bytes, { ...options, referrers: false }, depth + 1));
    }
  }
  return node;
}

/** The platform an image runs on, from its config blob (single-platform pushes carry it nowhere else). */
export async function readPlatform(client: RegistryClient, repository: string, manifest: ImageManifest): Promise<Platform> {
  const bytes = await readBlob(client, repository, manifest.config.digest, 4 * 1024 * 1024);
  const parsed = imageConfigPlatformSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  if (!parsed.success) throw new RegistryError(client.registry, repository, manifest.config.digest, 0, 'the image config has no os/architecture');
  const { os, architecture, variant } = parsed.data;
  const features = parsed.data['os.features'];
  const version = parsed.data['os.version'];
  return { architecture, os, ...(variant && { variant }), ...(version && { 'os.version': version }), ...(features?.length && { 'os.features': features }) };
}

/** Walks a graph depth first, the node before its children and referrers. */
export function* walkGraph(node: ImageNode): Generator<ImageNode> {
  yield node;
  for (const child of node.children) yield* walkGraph(child);
  for (const referrer of node.referrers) yield* walkGraph(referrer);
}
