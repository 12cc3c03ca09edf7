import { describe, expect, test } from 'vitest';
import {
  attestSummary,
  bundleArtifact,
  certificateIdentity,
  verifyFailureMessage,
  verifySummary,
  SIGSTORE_BUNDLE_V03,
  type VerifyResult,
} from '../../../packages/core/src/attest/index.ts';

describe('bundle artifact manifest', () => {
  test('empty config, one bundle layer, subject, artifactType, annotations', () => {
    const subject = {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      digest: `sha256:${'a'.repeat(64)}`,
      size: 321,
      platform: { os: 'linux', architecture: 'amd64' },
    };
    const artifact = bundleArtifact(Buffer.from('{"bundle":1}'), subject, 'https://slsa.dev/provenance/v1');
    const manifest = JSON.parse(artifact.manifest.toString('utf8'));
    expect(manifest).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: SIGSTORE_BUNDLE_V03,
      config: {
        mediaType: 'application/vnd.oci.empty.v1+json',
        digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
        size: 2,
      },
      layers: [{ mediaType: SIGSTORE_BUNDLE_V03, digest: expect.stringMatching(/^sha256:/), size: 12 }],
      // Only the descriptor's core fields: a platform belongs to index entries, not to subject.
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: 321 },
      annotations: {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1',
      },
    });
    expect(artifact.descriptor).toMatchObject({
      digest: artifact.digest,
      artifactType: SIGSTORE_BUNDLE_V03,
      size: artifact.manifest.byteLength,
    });
    expect(bundleArtifact(Buffer.from('{"bundle":1}'), subject, 'https://slsa.dev/provenance/v1').digest).toBe(
      artifact.digest,
    );
  });
});

describe('certificate identity', () => {
  const oid = (id: string, value: Buffer) => ({ oid: { id: id.split('.').map(Number) }, value });
  const utf8 = (text: string) => Buffer.concat([Buffer.from([0x0c, Buffer.byteLength(text)]), Buffer.from(text)]);
  test('reads DER UTF8String extensions, long lengths and the legacy raw issuer', () => {
    const long = `https://github.com/${'x'.repeat(200)}`;
    const longDer = Buffer.concat([Buffer.from([0x0c, 0x81, Buffer.byteLength(long)]), Buffer.from(long)]);
    const identity = certificateIdentity('https://github.com/o/r/.github/workflows/a.yml@refs/heads/main', [
      oid('1.3.6.1.4.1.57264.1.1', Buffer.from('https://legacy.issuer')),
      oid('1.3.6.1.4.1.57264.1.11', utf8('self-hosted')),
      oid('1.3.6.1.4.1.57264.1.12', longDer),
      oid('2.5.29.15', Buffer.from([3, 2, 7, 128])),
    ]);
    expect(identity).toEqual({
      subjectAlternativeName: 'https://github.com/o/r/.github/workflows/a.yml@refs/heads/main',
      issuer: 'https://legacy.issuer',
      runnerEnvironment: 'self-hosted',
      sourceRepositoryUri: long,
    });
    expect(
      certificateIdentity(undefined, [oid('1.3.6.1.4.1.57264.1.1', Buffer.from('legacy'))], 'https://v2.issuer').issuer,
    ).toBe('https://v2.issuer');
  });
});

describe('summaries and the failure message', () => {
  test('attest summary lists subjects, links and referrers', () => {
    const markdown = attestSummary(
      {
        predicateType: 'https://slsa.dev/provenance/v1',
        attestations: [
          {
            subjects: [{ name: 'ghcr.io/o/app', digest: { sha256: 'a'.repeat(64) } }],
            bundlePath: '/tmp/b.json',
            attestationId: '7',
            attestationUrl: 'https://github.com/o/app/attestations/7',
            referrers: [`ghcr.io/o/app@sha256:${'b'.repeat(64)}`],
          },
        ],
      },
      'github',
    );
    expect(markdown).toContain('### Attestations (https://slsa.dev/provenance/v1)');
    expect(markdown).toContain(
      `| \`ghcr.io/o/app\` | \`sha256:${'a'.repeat(64)}\` | [7](https://github.com/o/app/attestations/7) | \`sha256:${'b'.repeat(64)}\` |`,
    );
  });

  const result: VerifyResult = {
    image: 'ghcr.io/o/app',
    digest: `sha256:${'a'.repeat(64)}`,
    verified: false,
    notes: [],
    attestations: [
      {
        source: 'ghcr.io/o/app@sha256:1',
        passed: false,
        error: { check: 'signature', message: 'the signature does not match' },
        checks: [],
      },
      {
        source: 'attestations API (o/app)',
        passed: false,
        checks: [
          { check: 'source-ref', passed: false, message: 'the source ref is refs/heads/dev, not refs/heads/main' },
          { check: 'repo', passed: true, message: 'ok' },
        ],
      },
    ],
  };
  test('each attestation found says what failed', () => {
    expect(verifyFailureMessage(result, 'https://slsa.dev/provenance/v1')).toBe(
      [
        `no attestation of ghcr.io/o/app@sha256:${'a'.repeat(64)} satisfies the policy (predicate type https://slsa.dev/provenance/v1):`,
        '- ghcr.io/o/app@sha256:1: signature: the signature does not match',
        '- attestations API (o/app): source-ref: the source ref is refs/heads/dev, not refs/heads/main',
      ].join('\n'),
    );
    expect(verifySummary(result)).toContain('| ❌ | attestations API (o/app) |');
    expect(verifyFailureMessage({ ...result, attestations: [] }, 'x')).toBe(
      `no attestation found for ghcr.io/o/app@sha256:${'a'.repeat(64)} ` +
        "(searched the registry's referrers and sha256-<hex> tag, and the attestations API)",
    );
  });
});
