import {
  copyBlob,
  getManifest,
  headManifest,
  manifestNode,
  putManifest,
  type RegistryClient,
} from '../registry/index.ts';

export interface Location {
  client: RegistryClient;
  repository: string;
}

/**
 * Makes the manifest `digest` (and everything under it: children, config, layers) present in
 * `target`, without pulling layers when the registry can mount them. `bytes` saves a GET when
 * the caller already has the manifest. Nothing is done for a manifest already there.
 */
export async function ensureManifest(
  source: Location,
  target: Location,
  digest: string,
  mediaType: string,
  bytes?: Uint8Array,
): Promise<void> {
  if (await headManifest(target.client, target.repository, digest)) return;
  const manifest = bytes ?? (await getManifest(source.client, source.repository, digest)).bytes;
  const node = manifestNode(digest, mediaType, manifest);
  if (node?.entries) {
    for (const child of node.entries) await ensureManifest(source, target, child.digest, child.mediaType);
  } else if (node) {
    for (const blob of node.blobs) {
      // A manifest HEAD just missed, so its blobs are likely missing too: mount without asking.
      await copyBlob(source.client, source.repository, target.client, target.repository, blob.digest, {
        checkFirst: source.client.registry !== target.client.registry,
      });
    }
  }
  await putManifest(target.client, target.repository, digest, manifest, mediaType);
}
