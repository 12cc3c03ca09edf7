import {
  OCI_CONFIG,
  OCI_MANIFEST,
  OCI_EMPTY,
  putManifest,
  uploadBlob,
  sha256Digest,
  type Descriptor,
  type Platform,
  type RegistryClient,
} from '../../packages/core/src/registry/index.ts';

export interface TinyImageOptions {
  platform?: Platform;
  tag?: string;
  /** Makes it a referrer of this manifest. */
  subject?: Descriptor;
  /** Makes it an artifact rather than an image. */
  artifactType?: string;
  content?: string;
}

/**
 * Pushes a minimal image (config + one uncompressed layer) with our client, for tests that
 * need many manifests fast; images from a real builder come from buildah.ts.
 */
export async function pushTinyImage(
  client: RegistryClient,
  repository: string,
  options: TinyImageOptions = {},
): Promise<Descriptor> {
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const layer = Buffer.from(options.content ?? `layer ${Math.random()}`);
  const layerDigest = await uploadBlob(client, repository, layer);
  const config = options.artifactType
    ? Buffer.from('{}')
    : Buffer.from(
        JSON.stringify({
          architecture: platform.architecture,
          os: platform.os,
          ...(platform.variant && { variant: platform.variant }),
          rootfs: { type: 'layers', diff_ids: [layerDigest] },
        }),
      );
  const configDigest = await uploadBlob(client, repository, config);
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    ...(options.artifactType && { artifactType: options.artifactType }),
    config: { mediaType: options.artifactType ? OCI_EMPTY : OCI_CONFIG, digest: configDigest, size: config.byteLength },
    layers: [
      {
        mediaType: options.artifactType ? 'text/plain' : 'application/vnd.oci.image.layer.v1.tar',
        digest: layerDigest,
        size: layer.byteLength,
      },
    ],
    ...(options.subject && {
      subject: { mediaType: options.subject.mediaType, digest: options.subject.digest, size: options.subject.size },
    }),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const digest = sha256Digest(bytes);
  await putManifest(client, repository, options.tag ?? digest, bytes, OCI_MANIFEST);
  return {
    mediaType: OCI_MANIFEST,
    digest,
    size: bytes.byteLength,
    ...(options.artifactType && { artifactType: options.artifactType }),
  };
}
