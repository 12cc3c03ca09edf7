import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  RegistryClient,
  addToReferrersTag,
  getManifest,
  listReferrers,
  listTags,
  loadImageGraph,
  putManifest,
  referrersTag,
  walkGraph,
  OCI_MANIFEST,
} from '../../../packages/core/src/registry/index.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';
import { startFaultProxy } from '../../harness/fault-proxy.ts';

let registry: LocalRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry?.stop());
const client = () => new RegistryClient({ registry: registry.host });

describe('tags', () => {
  test('pages of n follow Link headers until every tag is listed', async () => {
    const c = client();
    const image = await pushTinyImage(c, 't/app', { tag: 'first' });
    const manifest = await getManifest(c, 't/app', image.digest);
    const names = Array.from({ length: 23 }, (_, i) => `v${String(i).padStart(2, '0')}`);
    for (const name of names) await putManifest(c, 't/app', name, manifest.bytes, OCI_MANIFEST);
    // distribution 2.8 ignores n for tags; the proxy pages the way GHCR does.
    const proxy = await startFaultProxy(registry.host, { paginateTags: true });
    try {
      const paged = new RegistryClient({ registry: proxy.host });
      const tags = await listTags(paged, 't/app', { pageSize: 5 });
      expect(tags).toEqual(['first', ...names].sort());
      expect(paged.requestCount).toBe(5); // 24 tags, 5 per page
      expect(proxy.requests.map((r) => r.path)).toContain('/v2/t/app/tags/list?n=5&last=v13');
    } finally {
      await proxy.stop();
    }
    expect((await listTags(c, 't/app')).sort()).toEqual(['first', ...names].sort());
  });

  test('an unknown repository has no tags', async () => {
    expect(await listTags(client(), 't/none')).toEqual([]);
  });
});

describe('referrers on a registry without the API (fallback tag schema)', () => {
  test('referrers written to the sha256-<hex> tag are found and filtered by artifactType', async () => {
    const c = client();
    const image = await pushTinyImage(c, 'r/app', { tag: 'latest' });
    const sbom = await pushTinyImage(c, 'r/app', { subject: image, artifactType: 'application/spdx+json' });
    const sig = await pushTinyImage(c, 'r/app', {
      subject: image,
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    });
    await addToReferrersTag(c, 'r/app', image.digest, sbom);
    await addToReferrersTag(c, 'r/app', image.digest, sig);
    await addToReferrersTag(c, 'r/app', image.digest, sig); // idempotent

    const all = await listReferrers(c, 'r/app', image.digest);
    expect(all.source).toBe('tag');
    expect(all.descriptors.map((d) => d.digest)).toEqual([sbom.digest, sig.digest]);
    const sboms = await listReferrers(c, 'r/app', image.digest, 'application/spdx+json');
    expect(sboms.descriptors.map((d) => d.digest)).toEqual([sbom.digest]);
    expect(await listTags(c, 'r/app')).toContain(referrersTag(image.digest));

    const graph = await loadImageGraph(c, 'r/app', 'latest', { referrers: true });
    expect(graph.kind).toBe('image');
    expect(graph.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect([...walkGraph(graph)].map((n) => [n.kind, n.subject ?? ''])).toEqual([
      ['image', ''],
      ['artifact', image.digest],
      ['artifact', image.digest],
    ]);
  });

  test('no referrers is an empty list', async () => {
    const c = client();
    const image = await pushTinyImage(c, 'r/lonely');
    expect(await listReferrers(c, 'r/lonely', image.digest)).toEqual({ descriptors: [], source: 'tag' });
  });
});
