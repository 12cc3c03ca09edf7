import { sha256Digest } from '../registry/digest.ts';
import { OCI_EMPTY, OCI_MANIFEST } from '../registry/media-types.ts';
import type { Descriptor } from '../registry/schemas.ts';

/** The media type of a v0.3 Sigstore bundle, used as the artifact's and the layer's type. */
export const SIGSTORE_BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** The OCI empty descriptor's blob: https://github.com/opencontainers/image-spec/blob/main/manifest.md#guidance-for-an-empty-descriptor */
export const EMPTY_CONFIG = Buffer.from('{}');

export interface BundleArtifact {
  manifest: Buffer;
  digest: string;
  /** The descriptor a referrers index lists for it. */
  descriptor: Descriptor;
  blobs: Buffer[];
}

/**
 * An OCI 1.1 artifact holding one bundle, whose `subject` is the attested manifest: the shape
 * `gh attestation verify --bundle-from-oci` and cosign's new bundle format look for. The
 * annotations say what is inside without fetching the layer.
 * https://github.com/opencontainers/image-spec/blob/main/manifest.md#image-manifest-property-descriptions
 */
export function bundleArtifact(bundle: Buffer, subject: Descriptor, predicateType: string): BundleArtifact {
  const annotations = {
    'dev.sigstore.bundle.content': 'dsse-envelope',
    'dev.sigstore.bundle.predicateType': predicateType,
  };
  const manifestJson = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: SIGSTORE_BUNDLE_V03,
    config: { mediaType: OCI_EMPTY, digest: sha256Digest(EMPTY_CONFIG), size: EMPTY_CONFIG.byteLength },
    layers: [{ mediaType: SIGSTORE_BUNDLE_V03, digest: sha256Digest(bundle), size: bundle.byteLength }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations,
  };
  const manifest = Buffer.from(JSON.stringify(manifestJson));
  const digest = sha256Digest(manifest);
  return {
    manifest,
    digest,
    descriptor: {
      mediaType: OCI_MANIFEST,
      digest,
      size: manifest.byteLength,
      artifactType: SIGSTORE_BUNDLE_V03,
      annotations,
    },
    blobs: [EMPTY_CONFIG, bundle],
  };
}
