import type { RegistryClient } from './client.ts';
import { nodeKind, type ManifestNode } from './manifest-graph.ts';
import { readManifestNode, readPlatform } from './read-manifests.ts';
import { classifyDescriptor, type NodeKind } from './manifest-kinds.ts';
import { REFERENCE_DIGEST_ANNOTATION } from './media-types.ts';
import { listReferrers } from './referrers.ts';
import type { Descriptor, Platform } from './schemas.ts';

/**
 * The manifests under one tag or digest as a tree: an index's children, and for each image the
 * manifests whose `subject` it is. A view over the manifest graph's nodes, for walking
 * referrers; the nodes are read and parsed by readManifestNode like everywhere else.
 */
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

export interface LoadGraphOptions {
  /** Also ask for `subject` referrers of each image (one request per image). */
  referrers?: boolean;
  /** Read image configs to learn platforms that descriptors do not carry. Default true. */
  platforms?: boolean;
  /** How deep nested indexes are followed. */
  maxDepth?: number;
}

/** Reads the manifest tree under a tag or digest: index → children → (referrers). */
export async function loadImageGraph(
  client: RegistryClient,
  repository: string,
  reference: string,
  options: LoadGraphOptions = {},
): Promise<ImageNode> {
  const root = await readManifestNode(client, repository, reference);
  const descriptor: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.size };
  return treeNode(client, repository, descriptor, root, options, 0);
}

async function treeNode(
  client: RegistryClient,
  repository: string,
  descriptor: Descriptor,
  manifest: ManifestNode,
  options: LoadGraphOptions,
  depth: number,
): Promise<ImageNode> {
  const fromParent = classifyDescriptor(descriptor) === 'attestation';
  const kind = fromParent && nodeKind(manifest) !== 'index' ? 'attestation' : nodeKind(manifest);
  const node: ImageNode = {
    descriptor,
    kind,
    children: [],
    referrers: [],
    ...(descriptor.platform && { platform: descriptor.platform }),
    ...(manifest.subject && { subject: manifest.subject }),
  };
  if (kind === 'index') {
    if (depth >= (options.maxDepth ?? 4)) return node;
    for (const entry of manifest.entries ?? []) {
      const child = await readManifestNode(client, repository, entry.digest);
      const childNode = await treeNode(
        client,
        repository,
        { ...entry, mediaType: entry.mediaType || child.mediaType },
        child,
        options,
        depth + 1,
      );
      if (childNode.kind === 'attestation' && entry.annotations?.[REFERENCE_DIGEST_ANNOTATION]) {
        childNode.attests = entry.annotations[REFERENCE_DIGEST_ANNOTATION];
      }
      node.children.push(childNode);
    }
    return node;
  }
  if (kind === 'image' && !node.platform && options.platforms !== false && manifest.config) {
    node.platform = await readPlatform(client, repository, { config: manifest.config });
  }
  if (kind === 'image' && options.referrers) {
    const found = await listReferrers(client, repository, descriptor.digest);
    for (const referrer of found.descriptors) {
      const read = await readManifestNode(client, repository, referrer.digest);
      node.referrers.push(
        await treeNode(client, repository, referrer, read, { ...options, referrers: false }, depth + 1),
      );
    }
  }
  return node;
}

/** Walks a graph depth first, the node before its children and referrers. */
export function* walkGraph(node: ImageNode): Generator<ImageNode> {
  yield node;
  for (const child of node.children) yield* walkGraph(child);
  for (const referrer of node.referrers) yield* walkGraph(referrer);
}
