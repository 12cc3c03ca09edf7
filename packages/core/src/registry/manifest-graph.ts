import { classifyDescriptor, classifyManifest, parseManifest, type NodeKind } from './manifest-kinds.ts';
import { SCHEMA1_TYPES } from './media-types.ts';
import type { Descriptor, Platform } from './schemas.ts';

/**
 * One manifest, as every action reads it: retention plans over these, cleanup verifies with
 * them, merge, scan and attest find the platform images of an index in them. Plain data, so a
 * node read in one run can be cached as JSON for the next (a digest names immutable content).
 * This file is pure; read-manifests.ts reads nodes from a registry.
 */
export interface ManifestNode {
  digest: string;
  mediaType: string;
  /** Bytes of the manifest itself. */
  size: number;
  /**
   * Manifests an index lists: platform images, buildx attestation manifests, nested indexes.
   * https://github.com/opencontainers/image-spec/blob/main/image-index.md
   * https://docs.docker.com/build/metadata/attestations/attestation-storage/
   */
  children: string[];
  /** For an index: each child as the index describes it (platform, annotations), in order. */
  entries?: Descriptor[];
  /**
   * The manifest this one refers to (a signature, attestation or SBOM pushed as an OCI
   * referrer). https://github.com/opencontainers/image-spec/blob/main/manifest.md#image-manifest-property-descriptions
   */
  subject?: string;
  /** Config and layers, for the bytes a deletion frees. */
  blobs: Array<{ digest: string; size: number }>;
  /** For an image manifest: its config, where the platform of a single-platform push is. */
  config?: Descriptor;
  artifactType?: string;
}

/** Digest → manifest, for the manifests a run could read. */
export type ManifestGraph = ReadonlyMap<string, ManifestNode>;

export function manifestGraph(nodes: Iterable<ManifestNode>): ManifestGraph {
  return new Map([...nodes].map((node) => [node.digest, node]));
}

/**
 * A node from manifest bytes: an index lists children, an image manifest lists blobs, and
 * either may have a `subject`. Undefined when the bytes are no manifest we understand.
 */
export function manifestNode(digest: string, mediaType: string, bytes: Uint8Array): ManifestNode | undefined {
  const parsed = parseManifest(mediaType, bytes);
  if (!parsed) return undefined;
  const base = { digest, mediaType, size: bytes.byteLength };
  if (parsed.kind === 'schema1') return { ...base, children: [], blobs: [] };
  if (parsed.kind === 'index') {
    const { index } = parsed;
    const children = index.manifests.map((m) => m.digest);
    return {
      ...base,
      children,
      entries: index.manifests,
      blobs: [],
      ...(index.subject && { subject: index.subject.digest }),
    };
  }
  const { manifest } = parsed;
  const blobs = [manifest.config, ...manifest.layers].map((d) => ({ digest: d.digest, size: d.size }));
  return {
    ...base,
    children: [],
    blobs,
    config: manifest.config,
    ...(manifest.subject && { subject: manifest.subject.digest }),
    ...(manifest.artifactType && { artifactType: manifest.artifactType }),
  };
}

/** What a node is by its own content (an attestation is known only from its parent's entry). */
export function nodeKind(node: ManifestNode): NodeKind {
  if (SCHEMA1_TYPES.includes(node.mediaType)) return 'schema1';
  if (node.entries) return 'index';
  if (!node.config) return 'unknown';
  return classifyManifest({ artifactType: node.artifactType, config: node.config });
}

/** The runnable images an index lists, with their platforms (attestations and unknown/unknown left out). */
export function platformEntries(node: ManifestNode): Array<Descriptor & { platform: Platform }> {
  return (node.entries ?? []).filter(
    (entry): entry is Descriptor & { platform: Platform } =>
      classifyDescriptor(entry) === 'image' &&
      entry.platform !== undefined &&
      entry.platform.os !== 'unknown' &&
      entry.platform.architecture !== 'unknown',
  );
}

/**
 * Every digest an index reaches through its children (nested indexes too), the root first,
 * each once. Children missing from the graph are yielded but not descended into.
 */
export function* reachableFrom(graph: ManifestGraph, root: string): Generator<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const digest = stack.pop()!;
    if (seen.has(digest)) continue;
    seen.add(digest);
    yield digest;
    stack.push(...[...(graph.get(digest)?.children ?? [])].reverse());
  }
}
