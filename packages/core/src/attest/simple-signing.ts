import { createHash } from 'node:crypto';
import type { SerializedBundle } from '@sigstore/bundle';
import { sha256Digest } from '../registry/digest.ts';
import { OCI_MANIFEST } from '../registry/media-types.ts';
import type { Descriptor } from '../registry/schemas.ts';

/**
 * cosign's tag-based signature storage: a simple-signing payload per signature, stored as a
 * layer of the image manifest tagged `sha256-<hex>.sig`, with the signature, certificate and
 * log proof in the layer's annotations.
 * https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md
 */
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
export const BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';
export const RFC3161_ANNOTATION = 'dev.sigstore.cosign/rfc3161timestamp';

/** `sha256:<hex>` → `sha256-<hex>.sig`, the tag cosign looks the signatures of a digest up by. */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

/**
 * The simple-signing payload cosign signs for an image: the manifest digest in
 * `critical.image`, the repository in `critical.identity` (which verifiers ignore).
 * https://github.com/containers/image/blob/main/docs/containers-signature.5.md#json-data-format
 */
export function simpleSigningPayload(repository: string, digest: string): Buffer {
  const payload = {
    critical: {
      identity: { 'docker-reference': repository },
      image: { 'docker-manifest-digest': digest },
      type: COSIGN_SIGNATURE_TYPE,
    },
    optional: null,
  };
  return Buffer.from(JSON.stringify(payload));
}

/** The digest a simple-signing payload names, or undefined when it is not a cosign payload. */
export function payloadDigest(payload: Buffer): string | undefined {
  try {
    const json = JSON.parse(payload.toString('utf8')) as {
      critical?: { type?: string; image?: Record<string, unknown> };
    };
    if (json.critical?.type !== COSIGN_SIGNATURE_TYPE) return undefined;
    const digest = json.critical.image?.['docker-manifest-digest'];
    return typeof digest === 'string' ? digest : undefined;
  } catch {
    return undefined;
  }
}

const pem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/**
 * A message-signature bundle as cosign's layer annotations: the signature, the leaf
 * certificate (PEM), the Rekor entry with its signed entry timestamp (cosign's "bundle"), and
 * the RFC 3161 timestamp where the instance has a TSA. The chain annotation is optional and
 * left out: Fulcio's chain is in the verifier's trusted root.
 */
export function cosignAnnotations(bundle: SerializedBundle): Record<string, string> {
  if (!bundle.messageSignature) throw new Error('a cosign signature is a message signature, not a DSSE envelope');
  const material = bundle.verificationMaterial;
  const certificate = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  if (!certificate) throw new Error('the bundle has no signing certificate');
  const annotations: Record<string, string> = {
    [SIGNATURE_ANNOTATION]: bundle.messageSignature.signature,
    [CERTIFICATE_ANNOTATION]: pem(certificate),
  };
  const entry = material.tlogEntries?.[0];
  if (entry?.inclusionPromise) {
    annotations[BUNDLE_ANNOTATION] = JSON.stringify({
      SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
      Payload: {
        body: entry.canonicalizedBody,
        integratedTime: Number(entry.integratedTime),
        logIndex: Number(entry.logIndex),
        logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
      },
    });
  }
  const timestamp = material.timestampVerificationData?.rfc3161Timestamps?.[0];
  if (timestamp)
    annotations[RFC3161_ANNOTATION] = JSON.stringify({ SignedRFC3161Timestamp: timestamp.signedTimestamp });
  return annotations;
}

export interface SignatureManifest {
  manifest: Buffer;
  digest: string;
  /** The config blob (the layers' diff ids), to upload with the payloads. */
  config: Buffer;
}

/**
 * The `.sig` image: one layer per signature, as cosign appends them (a second signing of the
 * same digest adds a layer; the same signature twice is kept once).
 */
export function signatureManifest(layers: readonly Descriptor[]): SignatureManifest {
  const unique = layers.filter(
    (l, i) =>
      layers.findIndex(
        (o) => o.digest === l.digest && o.annotations?.[SIGNATURE_ANNOTATION] === l.annotations?.[SIGNATURE_ANNOTATION],
      ) === i,
  );
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: unique.map(() => ({ created: '0001-01-01T00:00:00Z' })),
      os: '',
      rootfs: { type: 'layers', diff_ids: unique.map((l) => l.digest) },
      config: {},
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, size: config.byteLength, digest: sha256Digest(config) },
      layers: unique,
    }),
  );
  return { manifest, digest: sha256Digest(manifest), config };
}

/** The layer descriptor of one signature. */
export function signatureLayer(payload: Buffer, annotations: Record<string, string>): Descriptor {
  return { mediaType: SIMPLE_SIGNING_MEDIA_TYPE, size: payload.byteLength, digest: sha256Digest(payload), annotations };
}

/**
 * The inverse of cosignAnnotations: one `.sig` layer as a v0.1 bundle (the version whose log
 * proof is the signed entry timestamp alone, which is what cosign keeps), so the same
 * Sigstore verifier checks it. Undefined when the layer lacks a signature or certificate.
 */
export function bundleFromCosignLayer(
  annotations: Record<string, string>,
  payload: Buffer,
): SerializedBundle | undefined {
  const signature = annotations[SIGNATURE_ANNOTATION];
  const certificate = annotations[CERTIFICATE_ANNOTATION]?.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  if (!signature || !certificate) return undefined;
  const tlogEntries: SerializedBundle['verificationMaterial']['tlogEntries'] = [];
  const rekor = parseJson<{
    SignedEntryTimestamp: string;
    Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
  }>(annotations[BUNDLE_ANNOTATION]);
  if (rekor?.Payload) {
    const body = parseJson<{ kind?: string; apiVersion?: string }>(
      Buffer.from(rekor.Payload.body, 'base64').toString('utf8'),
    );
    tlogEntries.push({
      logIndex: String(rekor.Payload.logIndex),
      logId: { keyId: Buffer.from(rekor.Payload.logID, 'hex').toString('base64') },
      kindVersion: { kind: body?.kind ?? 'hashedrekord', version: body?.apiVersion ?? '0.0.1' },
      integratedTime: String(rekor.Payload.integratedTime),
      inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
      inclusionProof: undefined,
      canonicalizedBody: rekor.Payload.body,
    });
  }
  const timestamp = parseJson<{ SignedRFC3161Timestamp: string }>(annotations[RFC3161_ANNOTATION]);
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: certificate }] },
      tlogEntries,
      timestampVerificationData: {
        rfc3161Timestamps: timestamp ? [{ signedTimestamp: timestamp.SignedRFC3161Timestamp }] : [],
      },
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: createHash('sha256').update(payload).digest('base64') },
      signature,
    },
  } as SerializedBundle;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
