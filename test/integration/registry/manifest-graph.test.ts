import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  RegistryClient,
  fetchFrom,
  nodeKind,
  platformEntries,
  platformKey,
  readManifestGraph,
  readManifestNode,
  reachableFrom,
} from '../../../packages/core/src/registry/index.ts';
import { pushMultiArch } from '../../harness/multi-arch-image.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';

let registry: LocalRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry?.stop());

describe('the manifest graph, read from distribution', () => {
  test('a buildx-style index by tag: its platform images, then every child read into one graph', async () => {
    const client = new RegistryClient({ registry: registry.host });
    const pushed = await pushMultiArch(client, 'g/app', 'v1');

    const root = await readManifestNode(client, 'g/app', 'v1');
    expect([root.digest, nodeKind(root)]).toEqual([pushed.index, 'index']);
    expect(platformEntries(root).map((entry) => platformKey(entry.platform))).toEqual(['linux/amd64', 'linux/arm64']);

    const before = client.requestCount;
    const { graph, fetched, failed } = await readManifestGraph(
      root.children,
      fetchFrom(client, 'g/app'),
      new Map([[root.digest, root]]),
      2,
    );
    expect([fetched, failed, client.requestCount - before]).toEqual([4, [], 4]);
    const all = new Map([...graph, [root.digest, root]]);
    expect([...reachableFrom(all, root.digest)].sort()).toEqual([root.digest, ...pushed.children].sort());
    expect(pushed.children.map((digest) => nodeKind(all.get(digest)!))).toEqual([
      'image',
      'artifact',
      'image',
      'artifact',
    ]);
  });

  test('a digest the repository lacks is a failed read, not a thrown one', async () => {
    const client = new RegistryClient({ registry: registry.host });
    const missing = `sha256:${'a'.repeat(64)}`;
    const { graph, failed } = await readManifestGraph([missing], fetchFrom(client, 'g/none'));
    expect([graph.size, failed]).toEqual([0, [missing]]);
  });
});
