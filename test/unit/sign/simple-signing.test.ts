import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  bundleFromCosignLayer,
  cosignAnnotations,
  cosignSignStatement,
  payloadDigest,
  signatureLayer,
  signatureManifest,
  signatureTag,
  simpleSigningPayload,
} from '../../../packages/core/src/attest/index.ts';
import { bundleFromJSON } from '@sigstore/bundle';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const CERT = Buffer.from('certificate der bytes').toString('base64');

// A message-signature bundle as @sigstore/sign returns it for a Rekor + TSA instance.
const BUNDLE = {
  mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.2',
  verificationMaterial: {
    x509CertificateChain: { certificates: [{ rawBytes: CERT }] },
    tlogEntries: [
      {
        logIndex: '42',
        logId: { keyId: Buffer.from('c0d23d6a', 'hex').toString('base64') },
        kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
        integratedTime: '1796409413',
        inclusionPromise: { signedEntryTimestamp: 'U0VU' },
        inclusionProof: undefined,
        canonicalizedBody: Buffer.from(
          JSON.stringify({ apiVersion: '0.0.1', kind: 'hashedrekord', spec: {} }),
        ).toString('base64'),
      },
    ],
    timestampVerificationData: { rfc3161Timestamps: [{ signedTimestamp: 'VFNB' }] },
  },
  messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: 'ZGln' }, signature: 'c2lnbmF0dXJl' },
};

describe('cosign signature formats', () => {
  test('the .sig tag of a digest', () => {
    expect(signatureTag(DIGEST)).toBe(`sha256-${'ab'.repeat(32)}.sig`);
  });

  test('the simple-signing payload names the digest where cosign looks for it', () => {
    const payload = simpleSigningPayload('ghcr.io/o/app', DIGEST);
    expect(JSON.parse(payload.toString('utf8'))).toEqual({
      critical: {
        identity: { 'docker-reference': 'ghcr.io/o/app' },
        image: { 'docker-manifest-digest': DIGEST },
        type: 'cosign container image signature',
      },
      optional: null,
    });
    expect(payloadDigest(payload)).toBe(DIGEST);
    expect(payloadDigest(Buffer.from('{"critical":{"type":"atomic container signature"}}'))).toBeUndefined();
  });

  test("the bundle form signs cosign's statement: the digest alone, the sign predicate, no predicate body", () => {
    expect(cosignSignStatement(DIGEST)).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: 'ab'.repeat(32) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
    });
  });

  test("a message-signature bundle becomes cosign's layer annotations, and back", () => {
    const annotations = cosignAnnotations(BUNDLE as never);
    expect(annotations['dev.cosignproject.cosign/signature']).toBe('c2lnbmF0dXJl');
    expect(annotations['dev.sigstore.cosign/certificate']).toBe(
      `-----BEGIN CERTIFICATE-----\n${CERT}\n-----END CERTIFICATE-----\n`,
    );
    expect(JSON.parse(annotations['dev.sigstore.cosign/bundle']!)).toEqual({
      SignedEntryTimestamp: 'U0VU',
      Payload: {
        body: BUNDLE.verificationMaterial.tlogEntries[0]!.canonicalizedBody,
        integratedTime: 1796409413,
        logIndex: 42,
        logID: 'c0d23d6a',
      },
    });
    expect(JSON.parse(annotations['dev.sigstore.cosign/rfc3161timestamp']!)).toEqual({
      SignedRFC3161Timestamp: 'VFNB',
    });

    const payload = simpleSigningPayload('ghcr.io/o/app', DIGEST);
    const back = bundleFromCosignLayer(annotations, payload)!;
    const bundle = bundleFromJSON(back);
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle+json;version=0.1');
    expect(back.verificationMaterial.tlogEntries[0]).toMatchObject({
      logIndex: '42',
      integratedTime: '1796409413',
      inclusionPromise: { signedEntryTimestamp: 'U0VU' },
    });
    expect(back.messageSignature!.messageDigest!.digest).toBe(createHash('sha256').update(payload).digest('base64'));
  });

  test('a DSSE bundle is not a cosign .sig signature', () => {
    expect(() =>
      cosignAnnotations({
        ...BUNDLE,
        messageSignature: undefined,
        dsseEnvelope: { payload: '', payloadType: '', signatures: [] },
      } as never),
    ).toThrow(/message signature/);
  });

  test('the .sig manifest holds one layer per signature and keeps a repeated one once', () => {
    const payload = simpleSigningPayload('ghcr.io/o/app', DIGEST);
    const a = signatureLayer(payload, { 'dev.cosignproject.cosign/signature': 'A' });
    const b = signatureLayer(payload, { 'dev.cosignproject.cosign/signature': 'B' });
    const sig = signatureManifest([a, b, a]);
    const manifest = JSON.parse(sig.manifest.toString('utf8'));
    expect(
      manifest.layers.map(
        (l: { annotations: Record<string, string> }) => l.annotations['dev.cosignproject.cosign/signature'],
      ),
    ).toEqual(['A', 'B']);
    expect(manifest.layers[0].mediaType).toBe('application/vnd.dev.cosign.simplesigning.v1+json');
    expect(JSON.parse(sig.config.toString('utf8')).rootfs.diff_ids).toEqual([a.digest, b.digest]);
  });
});
