// Media types from the OCI image spec (https://github.com/opencontainers/image-spec/blob/main/media-types.md)
// and Docker's image manifest v2 schema 2 (https://distribution.github.io/distribution/spec/manifest-v2-2/).
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+json';
export const DOCKER_SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
export const IN_TOTO = 'application/vnd.in-toto+json';

/** buildx marks its attestation manifests with this annotation on the index descriptor. */
export const REFERENCE_TYPE_ANNOTATION = 'vnd.docker.reference.type';
export const REFERENCE_DIGEST_ANNOTATION = 'vnd.docker.reference.digest';
export const ATTESTATION_MANIFEST = 'attestation-manifest';

export const INDEX_TYPES: readonly string[] = [OCI_INDEX, DOCKER_MANIFEST_LIST];
export const IMAGE_MANIFEST_TYPES: readonly string[] = [OCI_MANIFEST, DOCKER_MANIFEST];
export const IMAGE_CONFIG_TYPES: readonly string[] = [OCI_CONFIG, DOCKER_CONFIG];
export const SCHEMA1_TYPES: readonly string[] = [DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED];

/**
 * Sent on every manifest request. GHCR answers 404 for an OCI index fetched without its type
 * in Accept, and distribution converts or refuses what the client does not list.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
 */
export const MANIFEST_ACCEPT = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST].join(', ');

export function isIndexType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_TYPES.includes(mediaType);
}

export function isImageManifestType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && IMAGE_MANIFEST_TYPES.includes(mediaType);
}
