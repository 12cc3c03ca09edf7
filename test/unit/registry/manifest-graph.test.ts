import { describe, expect, test } from 'vitest';
import {
  manifestGraph,
  manifestNode,
  nodeKind,
  platformEntries,
  reachableFrom,
  readManifestGraph,
  DOCKER_SCHEMA1_SIGNED,
  OCI_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
  type FetchManifest,
} from '../../../packages/core/src/registry/index.ts';

const d = (n: number) => `sha256:${String(n).padStart(64, '0')}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

const image = (config = OCI_CONFIG, extra: Record<string, unknown> = {}) =>
  json({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: config, digest: d(90), size: 300 },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: d(91), size: 7000 }],
    ...extra,
  });

/** An index as buildx pushes it: two platform images and one attestation manifest. */
const buildxIndex = json({
  schemaVersion: 2,
  mediaType: OCI_INDEX,
  manifests: [
    { mediaType: OCI_MANIFEST, digest: d(1), size: 500, platform: { os: 'linux', architecture: 'amd64' } },
    { mediaType: OCI_MANIFEST, digest: d(2), size: 500, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    {
      mediaType: OCI_MANIFEST,
      digest: d(3),
      size: 400,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': d(1) },
    },
  ],
});

describe('manifestNode: one parse of manifest bytes for every action', () => {
  test('an index lists its children in order, with what the index says of each', () => {
    const node = manifestNode(d(10), OCI_INDEX, buildxIndex)!;
    expect(node.children).toEqual([d(1), d(2), d(3)]);
    expect(node.entries?.map((e) => e.platform?.architecture)).toEqual(['amd64', 'arm', 'unknown']);
    expect([node.size, node.blobs, nodeKind(node)]).toEqual([buildxIndex.byteLength, [], 'index']);
  });

  test('an image lists its config and layers as blobs, the bytes a deletion frees', () => {
    const node = manifestNode(d(11), OCI_MANIFEST, image())!;
    expect(node.blobs).toEqual([
      { digest: d(90), size: 300 },
      { digest: d(91), size: 7000 },
    ]);
    expect([node.children, nodeKind(node)]).toEqual([[], 'image']);
  });

  test('a referrer keeps its subject, and a non-image config makes an artifact', () => {
    const node = manifestNode(
      d(12),
      OCI_MANIFEST,
      image('application/vnd.dev.sigstore.bundle.v0.3+json', {
        subject: { mediaType: OCI_MANIFEST, digest: d(11), size: 9 },
      }),
    )!;
    expect([node.subject, nodeKind(node)]).toEqual([d(11), 'artifact']);
  });

  test('schema 1 is known but has nothing to follow; bytes that are no manifest give nothing', () => {
    const schema1 = manifestNode(d(13), DOCKER_SCHEMA1_SIGNED, Buffer.from('{"schemaVersion":1}'))!;
    expect([nodeKind(schema1), schema1.children, schema1.blobs]).toEqual(['schema1', [], []]);
    expect(manifestNode(d(14), OCI_MANIFEST, Buffer.from('not json'))).toBeUndefined();
    expect(manifestNode(d(15), OCI_MANIFEST, json({ schemaVersion: 2, layers: 'x' }))).toBeUndefined();
  });
});

describe('platformEntries', () => {
  test('the runnable images of an index: attestation manifests and unknown/unknown are left out', () => {
    const node = manifestNode(d(10), OCI_INDEX, buildxIndex)!;
    expect(platformEntries(node).map((e) => [e.digest, e.platform])).toEqual([
      [d(1), { os: 'linux', architecture: 'amd64' }],
      [d(2), { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ]);
  });

  test('a single image has none', () => {
    expect(platformEntries(manifestNode(d(11), OCI_MANIFEST, image())!)).toEqual([]);
  });
});

describe('reachableFrom', () => {
  test('follows nested indexes, each digest once, and yields children the graph has not read', () => {
    const node = (digest: string, children: string[]) => ({
      digest,
      mediaType: OCI_INDEX,
      size: 1,
      children,
      blobs: [],
    });
    const graph = manifestGraph([node(d(1), [d(2), d(3)]), node(d(2), [d(4), d(3)]), node(d(4), [])]);
    expect([...reachableFrom(graph, d(1))]).toEqual([d(1), d(2), d(4), d(3)]);
  });
});

describe('readManifestGraph', () => {
  const bytesOf = new Map([
    [d(10), buildxIndex],
    [d(11), image()],
  ]);

  test('reads at most `concurrency` manifests at a time, each digest once, cached nodes not at all', async () => {
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const fetch: FetchManifest = async (digest) => {
      asked.push(digest);
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return { mediaType: OCI_MANIFEST, bytes: image() };
    };
    const digests = Array.from({ length: 20 }, (_, i) => d(100 + i));
    const cached = manifestGraph([manifestNode(d(100), OCI_MANIFEST, image())!]);
    const { graph, fetched, failed } = await readManifestGraph([...digests, d(101)], fetch, cached, 3);
    expect(most).toBe(3);
    expect(asked).toHaveLength(19);
    expect(asked).not.toContain(d(100));
    expect([graph.size, fetched, failed]).toEqual([20, 19, []]);
  });

  test('a manifest that fails to read or parse is left out and named, the rest still read', async () => {
    const fetch: FetchManifest = async (digest) => {
      if (digest === d(12)) throw new Error('connection reset');
      if (digest === d(13)) return { mediaType: OCI_MANIFEST, bytes: Buffer.from('<html>') };
      const bytes = bytesOf.get(digest);
      return bytes && { mediaType: digest === d(10) ? OCI_INDEX : OCI_MANIFEST, bytes };
    };
    const { graph, failed } = await readManifestGraph([d(10), d(11), d(12), d(13), d(14)], fetch);
    expect([...graph.keys()].sort()).toEqual([d(10), d(11)]);
    expect(failed.sort()).toEqual([d(12), d(13), d(14)]);
  });
});
