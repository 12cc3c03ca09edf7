import { InputError } from '../errors/index.ts';
import { imageName, type ImageRef } from '../reference/index.ts';
import {
  composeIndex, getManifest, manifestNode, nodeKind, platformKey, putManifest, readPlatform, classifyDescriptor,
  isUnknownPlatform, RegistryError, REFERENCE_DIGEST_ANNOTATION,
  type Descriptor, type PlatformSource, type RegistryClient,
} from '../registry/index.ts';
import { ensureManifest } from './copy-manifest.ts';
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
  const read = await Promise.all(request.digests.map(async (input) => {
    const from = input.from ?? home;
    return { from, found: await readSource(clientFor(from.registry), from, input, fetched) };
  }));
  for (const { from, found } of read) {
    for (const source of found) {
      sources.push(source);
      origin.set(source.descriptor.digest, from);
      for (const attestation of source.attestations ?? []) origin.set(attestation.digest, from);
    }
  }
  const composed = composeIndex(sources, { annotations: request.annotations ?? {}, input: 'digests' });
  const result = describeResult(composed.digest, composed.mediaType, composed.bytes, composed.index.manifests, request.targets);
  if (request.dryRun) return { ...result, pushed: false };

  for (const target of request.targets) {
    const client = clientFor(target.image.registry);
    const location = { client, repository: target.image.repository };
    for (const child of composed.index.manifests) {
      const from = origin.get(child.digest)!;
      if (from.registry === target.image.registry && from.repository === target.image.repository) continue;
      await ensureManifest({ client: clientFor(from.registry), repository: from.repository }, location, child.digest, child.mediaType, fetched.get(child.digest));
    }
    // Without tags the index is still pushed, by digest, so the output digest resolves.
    await Promise.all((target.tags.length ? target.tags : [composed.digest]).map((reference) => putManifest(client, target.image.repository, reference, composed.bytes, composed.mediaType)));
  }
  return { ...result, pushed: true };
}

/** Reads one input digest: an image (platform from its config) or an index (its images and attestations). */
async function readSource(client: RegistryClient, from: ImageRef, input: DigestInput, fetched: Map<string, Uint8Array>): Promise<PlatformSource[]> {
  let manifest;
  try {
    manifest = await getManifest(client, from.repository, input.digest);
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) {
      throw new InputError(input.raw.startsWith('/') ? 'digests-dir' : 'digests', input.raw, `${input.digest} does not exist in ${imageName(from)}`, 'Check that every build job pushed by digest to this image, and that the digest files come from this run.');
    }
    throw error;
  }
  fetched.set(manifest.digest, manifest.bytes);
  const descriptor: Descriptor = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.byteLength };
  const label = `${imageName(from)}@${input.digest}`;
  const node = manifestNode(manifest.digest, manifest.mediaType, manifest.bytes);
  if (!node) throw new InputError('digests', input.raw, `${label} is neither an image manifest nor an index`, 'Give digests of images pushed by a build.');
  const kind = nodeKind(node);
  if (kind === 'schema1') return [{ descriptor, source: label }];
  if (kind !== 'index' && node.config) {
    if (kind !== 'image') {
      // Let composeIndex refuse it with its message about non-image artifacts.
      return [{ descriptor: { ...descriptor, artifactType: node.artifactType ?? node.config.mediaType }, source: label }];
    }
    return [{ descriptor: { ...descriptor, platform: await readPlatform(client, from.repository, { config: node.config }) }, source: label }];
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
  for (const image of images) {
    image.attestations = attestations.filter((a) => a.annotations?.[REFERENCE_DIGEST_ANNOTATION] === image.descriptor.digest);
  }
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
  if (!reference) throw new InputError('source', imageName(source), 'the source needs a tag or a digest', 'Give name:tag or name@sha256:….');
  const client = clientFor(source.registry);
  let manifest;
  try {
    manifest = await getManifest(client, source.repository, reference);
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) {
      throw new InputError('source', `${imageName(source)}${source.digest ? `@${source.digest}` : `:${source.tag}`}`, 'this image does not exist', 'Check the tag or digest; promote only re-tags an image that is already pushed.');
    }
    throw error;
  }
  const entries = manifestNode(manifest.digest, manifest.mediaType, manifest.bytes)?.entries ?? [];
  const result = describeResult(manifest.digest, manifest.mediaType, manifest.bytes, entries, request.targets);
  if (result.refs.length === 0) throw new InputError('tags', '', 'promote needs at least one tag to add', 'Set "tags".');
  if (request.dryRun) return { ...result, pushed: false };
  for (const target of request.targets) {
    const targetClient = clientFor(target.image.registry);
    const sameRepo = target.image.registry === source.registry && target.image.repository === source.repository;
    if (!sameRepo) {
      await ensureManifest({ client, repository: source.repository }, { client: targetClient, repository: target.image.repository }, manifest.digest, manifest.mediaType, manifest.bytes);
    }
    for (const tag of target.tags) await putManifest(targetClient, target.image.repository, tag, manifest.bytes, manifest.mediaType);
  }
  return { ...result, pushed: true };
}

/** What merge and promote report: the platforms (attestation manifests left out), every ref, buildx-style metadata. */
function describeResult(digest: string, mediaType: string, bytes: Uint8Array, children: ReadonlyArray<{ digest: string; platform?: Parameters<typeof platformKey>[0] }>, targets: MergeRequest['targets']) {
  const entries = children.filter((d) => !isUnknownPlatform(d.platform)).map((d) => ({ platform: platformKey(d.platform), digest: d.digest }));
  const refs = targets.flatMap((t) => t.tags.map((tag) => `${imageName(t.image)}:${tag}`));
  return { digest, mediaType, size: bytes.byteLength, entries, refs, metadata: mergeMetadata(digest, mediaType, bytes.byteLength, targets) };
}
