import { InputError } from '../errors/index.ts';
import { formatImageRef, imageName, type ImageRef } from '../reference/index.ts';
import {
  composeIndex,
  getManifest,
  manifestNode,
  nodeKind,
  platformKey,
  putManifest,
  readPlatform,
  classifyDescriptor,
  isUnknownPlatform,
  RegistryError,
  REFERENCE_DIGEST_ANNOTATION,
  type Descriptor,
  type PlatformSource,
  type RegistryClient,
} from '../registry/index.ts';
import { ensureManifest, type Location } from './copy-manifest.ts';
import type { DigestInput, MergeTarget } from './inputs.ts';
import { mergeMetadata, type MergeEntry } from './metadata.ts';

export interface MergeRequest {
  digests: DigestInput[];
  targets: MergeTarget[];
  annotations?: Record<string, string>;
  dryRun?: boolean;
}

export interface MergeResult {
  digest: string;
  mediaType: string;
  size: number;
  /** Platform images in the index, in index order. */
  entries: MergeEntry[];
  /** `name:tag` for every tag pushed (or that would be, on a dry run). */
  refs: string[];
  metadata: Record<string, unknown>;
  pushed: boolean;
}

/** One client per registry, shared so auth tokens and request counts add up. */
export type ClientFor = (registry: string) => RegistryClient;

/**
 * Joins per-platform digests into one OCI index and pushes it under every tag of every
 * target. Everything is read and checked before the first write: a missing digest, two
 * images for one platform or a manifest that cannot be listed push nothing.
 */
export async function mergeImages(request: MergeRequest, clientFor: ClientFor): Promise<MergeResult> {
  if (request.targets.length === 0) throw new InputError('images', '', 'no image to push to', 'Set "images".');
  const home = request.targets[0]!.image;
  const sources: PlatformSource[] = [];
  const origin = new Map<string, ImageRef>();
  const fetched = new Map<string, Uint8Array>();
  // Reads run side by side (one request each, no ordering between them); results keep input order.
  const read = await Promise.all(
    request.digests.map(async (input) => {
      const from = input.from ?? home;
      return { from, found: await readSource(clientFor(from.registry), from, input, fetched) };
    }),
  );
  for (const { from, found } of read) {
    for (const source of found) {
      sources.push(source);
      origin.set(source.descriptor.digest, from);
      for (const attestation of source.attestations ?? []) origin.set(attestation.digest, from);
    }
  }
  const composed = composeIndex(sources, { annotations: request.annotations ?? {}, input: 'digests' });
  const result = describeResult(composed, composed.index.manifests, request.targets);
  if (request.dryRun) return { ...result, pushed: false };

  for (const target of request.targets) {
    const location = locationOf(target.image, clientFor);
    for (const child of composed.index.manifests) {
      const from = origin.get(child.digest)!;
      if (sameRepository(from, target.image)) continue;
      const bytes = fetched.get(child.digest);
      await ensureManifest(locationOf(from, clientFor), location, child.digest, child.mediaType, bytes);
    }
    // Without tags the index is still pushed, by digest, so the output digest resolves.
    const references = target.tags.length ? target.tags : [composed.digest];
    await Promise.all(references.map((reference) => pushManifest(location, reference, composed)));
  }
  return { ...result, pushed: true };
}

/** Reads one input digest: an image (platform from its config) or an index (its images and attestations). */
async function readSource(
  client: RegistryClient,
  from: ImageRef,
  input: DigestInput,
  fetched: Map<string, Uint8Array>,
): Promise<PlatformSource[]> {
  let manifest;
  try {
    manifest = await getManifest(client, from.repository, input.digest);
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) {
      // A digest read from a file of digests-dir is named by its path.
      const inputName = input.raw.startsWith('/') ? 'digests-dir' : 'digests';
      const problem = `${input.digest} does not exist in ${imageName(from)}`;
      const fix =
        'Check that every build job pushed by digest to this image, and that the digest files come from this run.';
      throw new InputError(inputName, input.raw, problem, fix);
    }
    throw error;
  }
  fetched.set(manifest.digest, manifest.bytes);
  const { digest, mediaType, bytes } = manifest;
  const descriptor: Descriptor = { mediaType, digest, size: bytes.byteLength };
  const label = `${imageName(from)}@${input.digest}`;
  const node = manifestNode(digest, mediaType, bytes);
  if (!node) {
    const fix = 'Give digests of images pushed by a build.';
    throw new InputError('digests', input.raw, `${label} is neither an image manifest nor an index`, fix);
  }
  const kind = nodeKind(node);
  if (kind === 'schema1') return [{ descriptor, source: label }];
  if (kind !== 'index' && node.config) {
    if (kind !== 'image') {
      // Let composeIndex refuse it with its message about non-image artifacts.
      const artifactType = node.artifactType ?? node.config.mediaType;
      return [{ descriptor: { ...descriptor, artifactType }, source: label }];
    }
    const platform = await readPlatform(client, from.repository, { config: node.config });
    return [{ descriptor: { ...descriptor, platform }, source: label }];
  }
  // A per-platform index, as buildx pushes with attestations: keep its images and the
  // attestation manifests that point at them; the index itself is not nested.
  const images: PlatformSource[] = [];
  const attestations: Descriptor[] = [];
  for (const child of node.entries ?? []) {
    const kind = classifyDescriptor(child);
    if (kind === 'attestation') attestations.push(child);
    else images.push({ descriptor: child, source: `${label} → ${child.digest}` });
  }
  const describes = (attestation: Descriptor) => attestation.annotations?.[REFERENCE_DIGEST_ANNOTATION];
  for (const image of images) image.attestations = attestations.filter((a) => describes(a) === image.descriptor.digest);
  return images;
}

export interface PromoteRequest {
  /** The existing image, by tag or digest. */
  source: ImageRef;
  targets: MergeTarget[];
  dryRun?: boolean;
}

/**
 * Adds tags to an existing image without pulling its layers: the manifest bytes are PUT
 * unchanged under each tag (same digest). A target in another repository gets the children
 * and blobs first, mounted where the registry allows.
 */
export async function promoteImage(request: PromoteRequest, clientFor: ClientFor): Promise<MergeResult> {
  const { source } = request;
  const reference = source.digest ?? source.tag;
  // parseMergeInputs refuses both of these first; promoteImage keeps them for its other callers.
  if (!reference) {
    const fix = 'Give name:tag or name@sha256:….';
    throw new InputError('source', imageName(source), 'the source needs a tag or a digest', fix);
  }
  const client = clientFor(source.registry);
  let manifest;
  try {
    manifest = await getManifest(client, source.repository, reference);
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) {
      const fix = 'Check the tag or digest; promote only re-tags an image that is already pushed.';
      throw new InputError('source', formatImageRef(source), 'this image does not exist', fix);
    }
    throw error;
  }
  const entries = manifestNode(manifest.digest, manifest.mediaType, manifest.bytes)?.entries ?? [];
  const result = describeResult(manifest, entries, request.targets);
  if (result.refs.length === 0) {
    throw new InputError('tags', '', 'promote needs at least one tag to add', 'Set "tags".');
  }
  if (request.dryRun) return { ...result, pushed: false };
  const from = { client, repository: source.repository };
  for (const target of request.targets) {
    const location = locationOf(target.image, clientFor);
    if (!sameRepository(source, target.image)) {
      await ensureManifest(from, location, manifest.digest, manifest.mediaType, manifest.bytes);
    }
    for (const tag of target.tags) await pushManifest(location, tag, manifest);
  }
  return { ...result, pushed: true };
}

/** What merge and promote report: the platforms (attestation manifests left out), every ref, buildx-style metadata. */
function describeResult(manifest: StoredManifest, children: ReadonlyArray<PlatformChild>, targets: MergeTarget[]) {
  const { digest, mediaType } = manifest;
  const size = manifest.bytes.byteLength;
  const entries = children
    .filter((child) => !isUnknownPlatform(child.platform))
    .map((child) => ({ platform: platformKey(child.platform), digest: child.digest }));
  const refs = targets.flatMap((t) => t.tags.map((tag) => `${imageName(t.image)}:${tag}`));
  return { digest, mediaType, size, entries, refs, metadata: mergeMetadata(digest, mediaType, size, targets) };
}

/** A manifest as read or composed: its digest, media type and exact bytes. */
interface StoredManifest {
  digest: string;
  mediaType: string;
  bytes: Uint8Array;
}

type PlatformChild = { digest: string; platform?: Parameters<typeof platformKey>[0] };

function locationOf(image: ImageRef, clientFor: ClientFor): Location {
  return { client: clientFor(image.registry), repository: image.repository };
}

function sameRepository(a: ImageRef, b: ImageRef): boolean {
  return a.registry === b.registry && a.repository === b.repository;
}

/** PUTs the manifest's bytes unchanged under `reference`, so its digest stays the same. */
function pushManifest(location: Location, reference: string, manifest: StoredManifest): Promise<unknown> {
  return putManifest(location.client, location.repository, reference, manifest.bytes, manifest.mediaType);
}
