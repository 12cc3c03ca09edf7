import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildProvenance,
  buildStatement,
  checkPolicy,
  parseVerifyPolicy,
  requestIdToken,
  resolveSigstoreInstance,
  signStatement,
  verifyBundle,
  type SigstoreInstance,
  type Statement,
} from '../../../packages/core/src/attest/index.ts';
import { CLAIMS, ENV } from '../../fixtures/actions-claims.ts';
import { startSigstore, type LocalSigstore } from '../../harness/sigstore.ts';

const DIGEST = `sha256:${'a'.repeat(64)}`;
let sigstore: LocalSigstore;
let statement: Statement;

function runnerEnv(s: LocalSigstore) {
  return {
    ...ENV,
    ACTIONS_ID_TOKEN_REQUEST_URL: `${s.tokenUrl}?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: s.requestToken,
  };
}

async function sign(s: LocalSigstore, instance: SigstoreInstance, stmt = statement) {
  const { token } = await requestIdToken(runnerEnv(s));
  return signStatement(stmt, { instance, identityToken: token });
}

beforeAll(async () => {
  sigstore = await startSigstore({ claims: { ...CLAIMS } as Record<string, string> });
  const { claims } = await requestIdToken(runnerEnv(sigstore));
  statement = buildStatement(
    [{ name: 'ghcr.io/octo-org/app', digest: { sha256: 'a'.repeat(64) } }],
    buildProvenance(claims, ENV),
  );
});
afterAll(() => sigstore?.stop());

const policy = () =>
  parseVerifyPolicy({
    repo: 'octo-org/app',
    'signer-workflow': 'octo-org/app/.github/workflows/release.yml',
    defaultIssuer: 'https://token.actions.githubusercontent.com',
  });

describe('sign and verify against a local Sigstore', () => {
  test('public-good style: Fulcio + CT + Rekor (intoto entry)', async () => {
    const instance = resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url });
    const bundle = await sign(sigstore, instance);
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({ kind: 'intoto', version: '0.0.2' });
    const verified = verifyBundle(bundle, [
      { name: 'test root', json: sigstore.trustedRoot({ tlog: true, tsa: false }) },
    ]);
    expect(verified.identity).toMatchObject({
      subjectAlternativeName: 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
      sourceRepositoryUri: 'https://github.com/octo-org/app',
      runnerEnvironment: 'github-hosted',
    });
    expect(checkPolicy(policy(), { ...verified, imageDigest: DIGEST }).filter((c) => !c.passed)).toEqual([]);
  });

  test('GitHub style: Fulcio + timestamp authority, no log', async () => {
    const instance = resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, tsaUrl: sigstore.url });
    const bundle = await sign(sigstore, instance);
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    const verified = verifyBundle(bundle, [
      { name: 'test root', json: sigstore.trustedRoot({ tlog: false, tsa: true }) },
    ]);
    expect(verified.statement).toEqual(statement);
  });

  test('a root that lists a log refuses a bundle without a log entry', async () => {
    const bundle = await sign(
      sigstore,
      resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, tsaUrl: sigstore.url }),
    );
    expect(() =>
      verifyBundle(bundle, [{ name: 'test root', json: sigstore.trustedRoot({ tlog: true, tsa: true }) }]),
    ).toThrow(/transparency-log/);
  });

  test('a root that lists a TSA refuses a bundle without a signed timestamp', async () => {
    const bundle = await sign(
      sigstore,
      resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url }),
    );
    expect(() =>
      verifyBundle(bundle, [{ name: 'test root', json: sigstore.trustedRoot({ tlog: true, tsa: true }) }]),
    ).toThrow(/no signed timestamp, and test root requires one/);
  });
});

describe('each failure has its own message', () => {
  let instance: SigstoreInstance;
  beforeAll(() => {
    instance = resolveSigstoreInstance({
      choice: 'custom',
      fulcioUrl: sigstore.url,
      rekorUrl: sigstore.url,
      tsaUrl: sigstore.url,
    });
  });
  const root = () => [{ name: 'test root', json: sigstore.trustedRoot() }];

  test('tampered bundle', async () => {
    const bundle = await sign(sigstore, instance);
    const envelope = bundle.dsseEnvelope!;
    const forged = { ...statement, subject: [{ name: 'ghcr.io/octo-org/app', digest: { sha256: 'b'.repeat(64) } }] };
    const tampered = {
      ...bundle,
      dsseEnvelope: { ...envelope, payload: Buffer.from(JSON.stringify(forged)).toString('base64') },
    };
    expect(() => verifyBundle(tampered, root())).toThrow(
      /altered after signing|transparency-log entry does not verify/,
    );
  });

  test('wrong subject digest', async () => {
    const verified = verifyBundle(await sign(sigstore, instance), root());
    const failed = checkPolicy(policy(), { ...verified, imageDigest: `sha256:${'c'.repeat(64)}` }).filter(
      (c) => !c.passed,
    );
    expect(failed.map((c) => c.check)).toEqual(['subject-digest']);
    expect(failed[0]!.message).toMatch(/not for the image sha256:c+/);
  });

  test('wrong workflow identity', async () => {
    const verified = verifyBundle(await sign(sigstore, instance), root());
    const other = parseVerifyPolicy({
      repo: 'octo-org/app',
      'signer-workflow': 'octo-org/app/.github/workflows/deploy.yml',
      defaultIssuer: 'https://token.actions.githubusercontent.com',
    });
    expect(
      checkPolicy(other, { ...verified, imageDigest: DIGEST })
        .filter((c) => !c.passed)
        .map((c) => c.message),
    ).toEqual([
      'the signing workflow is https://github.com/octo-org/app/.github/workflows/release.yml@refs/heads/main, not https://github.com/octo-org/app/.github/workflows/deploy.yml',
    ]);
  });

  test('wrong issuer', async () => {
    sigstore.claims = { ...sigstore.claims, iss: 'https://issuer.example' };
    try {
      const verified = verifyBundle(await sign(sigstore, instance), root());
      expect(
        checkPolicy(policy(), { ...verified, imageDigest: DIGEST })
          .filter((c) => !c.passed)
          .map((c) => c.check),
      ).toEqual(['cert-oidc-issuer']);
    } finally {
      sigstore.claims = { ...CLAIMS } as Record<string, string>;
    }
  });

  test('untrusted CA', async () => {
    const other = await startSigstore({ claims: { ...CLAIMS } as Record<string, string> });
    try {
      const foreign = resolveSigstoreInstance({
        choice: 'custom',
        fulcioUrl: other.url,
        rekorUrl: other.url,
        tsaUrl: other.url,
      });
      const bundle = await sign(other, foreign);
      // Only the CA differs: the log and TSA of the foreign instance are trusted too.
      const mixed = {
        ...other.trustedRoot(),
        certificateAuthorities: sigstore.trustedRoot().certificateAuthorities,
        ctlogs: sigstore.trustedRoot().ctlogs,
      };
      expect(() => verifyBundle(bundle, [{ name: 'test root', json: mixed }])).toThrow(
        /not issued by a certificate authority in test root/,
      );
    } finally {
      await other.stop();
    }
  });

  test('certificate expired at the signing time', async () => {
    const stale = await startSigstore({
      claims: { ...CLAIMS } as Record<string, string>,
      certificatesIssuedAgoMs: 3600_000,
    });
    try {
      const bundle = await sign(
        stale,
        resolveSigstoreInstance({ choice: 'custom', fulcioUrl: stale.url, rekorUrl: stale.url, tsaUrl: stale.url }),
      );
      expect(() => verifyBundle(bundle, [{ name: 'test root', json: stale.trustedRoot() }])).toThrow(
        /not valid at the time of signing/,
      );
    } finally {
      await stale.stop();
    }
  });

  test('missing id-token permission', async () => {
    await expect(requestIdToken({ ...ENV })).rejects.toThrow(/add `permissions: id-token: write`/);
  });
});
