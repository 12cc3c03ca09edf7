import { readBlob } from './blobs.ts';
import type { RegistryClient } from './client.ts';
import { manifestNode, type ManifestGraph, type ManifestNode } from './manifest-graph.ts';
import { getManifest } from './manifests.ts';
import { RegistryError } from './registry-error.ts';
import { imageConfigPlatformSchema, type Descriptor, type Platform } from './schemas.ts';

export type FetchManifest = (digest: string) => Promise<{ mediaType: string; bytes: Uint8Array } | undefined>;

/** Reads manifests of one repository: what readManifestGraph fetches with. */
export function fetchFrom(client: RegistryClient, repository: string): FetchManifest {
  return (digest) => getManifest(client, repository, digest);
}

/** GET one manifest by tag or digest as a node; a body that is no manifest is a RegistryError. */
export async function readManifestNode(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<ManifestNode> {
  const manifest = await getManifest(client, repository, reference);
  const node = manifestNode(manifest.digest, manifest.mediaType, manifest.bytes);
  if (!node) {
    const problem = `the manifest (${manifest.mediaType || 'no media type'}) is neither an image manifest nor an index`;
    throw new RegistryError(client.registry, repository, reference, 0, problem);
  }
  return node;
}

/**
 * Reads each digest's manifest once, `concurrency` at a time. Digests name immutable content,
 * so nodes from an earlier run (the cache) are reused as they are: on GHCR every manifest GET
 * counts as a download. Manifests that fail to read are left out and listed in `failed`; the
 * planner keeps what it cannot see.
 */
export async function readManifestGraph(
  digests: Iterable<string>,
  fetch: FetchManifest,
  cached: ManifestGraph = new Map(),
  concurrency = 8,
): Promise<{ graph: ManifestGraph; fetched: number; failed: string[] }> {
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
        const node = answer && manifestNode(digest, answer.mediaType, answer.bytes);
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

/** The platform an image runs on, from its config blob (single-platform pushes carry it nowhere else). */
export async function readPlatform(
  client: RegistryClient,
  repository: string,
  manifest: { config: Descriptor },
): Promise<Platform> {
  const bytes = await readBlob(client, repository, manifest.config.digest, 4 * 1024 * 1024);
  const parsed = imageConfigPlatformSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  if (!parsed.success) {
    throw new RegistryError(
      client.registry,
      repository,
      manifest.config.digest,
      0,
      'the image config has no os/architecture',
    );
  }
  const { os, architecture, variant } = parsed.data;
  const features = parsed.data['os.features'];
  const version = parsed.data['os.version'];
  return {
    architecture,
    os,
    ...(variant && { variant }),
    ...(version && { 'os.version': version }),
    ...(features?.length && { 'os.features': features }),
  };
}
