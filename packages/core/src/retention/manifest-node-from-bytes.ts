import { parseManifest } from '../registry/index.ts';
import type { ManifestGraph, ManifestNode } from './manifest-graph.ts';

/**
 * The thin adapter from the registry's manifest model to the planner's node: an index lists
 * children, an image manifest lists blobs, and either may have a `subject`. Undefined when the
 * bytes are no manifest we understand (the planner then keeps that version).
 */
export function manifestNodeFromBytes(digest: string, mediaType: string, bytes: Uint8Array): ManifestNode | undefined {
  const parsed = parseManifest(mediaType, bytes);
  if (!parsed) return undefined;
  const base = { digest, mediaType, size: bytes.byteLength };
  if (parsed.kind === 'schema1') return { ...base, children: [], blobs: [] };
  if (parsed.kind === 'index') {
    const { index } = parsed;
    return { ...base, children: index.manifests.map((m) => m.digest), blobs: [], ...(index.subject && { subject: index.subject.digest }) };
  }
  const { manifest } = parsed;
  const blobs = [manifest.config, ...manifest.layers].map((d) => ({ digest: d.digest, size: d.size }));
  return { ...base, children: [], blobs, ...(manifest.subject && { subject: manifest.subject.digest }) };
}

export type FetchManifest = (digest: string) => Promise<{ mediaType: string; bytes: Uint8Array } | undefined>;

/**
 * Reads each digest's manifest once. Digests name immutable content, so nodes from an earlier
 * run (the cache) are reused as they are: on GHCR every manifest GET counts as a download.
 * Manifests that fail to read are left out, and the planner keeps what it cannot see.
 */
export async function readManifestGraph(digests: Iterable<string>, fetch: FetchManifest, cached: ManifestGraph = new Map(), concurrency = 8): Promise<{ graph: ManifestGraph; fetched: number; failed: string[] }> {
  const graph = new Map<string, ManifestNode>();
  const queue: string[] = [];
  for (const digest of new Set(digests)) {
    const hit = cached.get(digest);
    if (hit) graph.set(digest, hit);
    else queue.push(digest);
  }
  const failed: string[] = [];
  let fetched = 0;
  const worker = async () => {
    for (let digest = queue.shift(); digest; digest = queue.shift()) {
      try {
        const answer = await fetch(digest);
        fetched += 1;
        const node = answer && manifestNodeFromBytes(digest, answer.mediaType, answer.bytes);
        if (node) graph.set(digest, node);
        else failed.push(digest);
      } catch {
        failed.push(digest);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { graph, fetched, failed };
}
