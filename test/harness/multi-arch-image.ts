import {
  OCI_INDEX,
  putManifest,
  sha256Digest,
  type Descriptor,
  type RegistryClient,
} from '../../packages/core/src/registry/index.ts';
import { pushTinyImage } from './tiny-image.ts';

/** A buildx-style multi-arch image: platform images, an attestation manifest per platform, the index under a tag. */
export async function pushMultiArch(
  oci: RegistryClient,
  repository: string,
  tag: string | undefined,
): Promise<{ index: string; children: string[] }> {
  const descriptors: Descriptor[] = [];
  for (const architecture of ['amd64', 'arm64']) {
    const image = await pushTinyImage(oci, repository, { platform: { os: 'linux', architecture } });
    descriptors.push({ ...image, platform: { os: 'linux', architecture } });
    const attestation = await pushTinyImage(oci, repository, {
      artifactType: 'application/vnd.in-toto+json',
      content: `att ${image.digest}`,
    });
    descriptors.push({
      ...attestation,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': image.digest },
    });
  }
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: descriptors }));
  const digest = sha256Digest(bytes);
  await putManifest(oci, repository, tag ?? digest, bytes, OCI_INDEX);
  return { index: digest, children: descriptors.map((d) => d.digest) };
}
