import { describe, expect, test } from 'vitest';
import {
  checkPolicy,
  parseVerifyPolicy,
  resolveSigstoreInstance,
  type CertificateIdentity,
  type Statement,
} from '../../../packages/core/src/attest/index.ts';

describe('Sigstore endpoint table', () => {
  test.each([
    [
      'public repository → public-good',
      { choice: 'auto', visibility: 'public' },
      'public-good',
      'https://fulcio.sigstore.dev',
      'https://rekor.sigstore.dev',
      undefined,
    ],
    [
      'private repository → GitHub',
      { choice: 'auto', visibility: 'private' },
      'github',
      'https://fulcio.githubapp.com',
      undefined,
      'https://timestamp.githubapp.com',
    ],
    [
      'internal repository → GitHub',
      { choice: 'auto', visibility: 'internal' },
      'github',
      'https://fulcio.githubapp.com',
      undefined,
      'https://timestamp.githubapp.com',
    ],
    [
      'unknown visibility → GitHub, never a public log',
      { choice: 'auto' },
      'github',
      'https://fulcio.githubapp.com',
      undefined,
      'https://timestamp.githubapp.com',
    ],
    [
      'explicit public-good for a private repository',
      { choice: 'public-good', visibility: 'private' },
      'public-good',
      'https://fulcio.sigstore.dev',
      'https://rekor.sigstore.dev',
      undefined,
    ],
    [
      'GHE.com tenant',
      { choice: 'auto', visibility: 'public', serverUrl: 'https://acme.ghe.com' },
      'github',
      'https://fulcio.acme.ghe.com',
      undefined,
      'https://timestamp.acme.ghe.com',
    ],
    [
      'custom, trailing slash dropped',
      {
        choice: 'custom',
        fulcioUrl: 'http://127.0.0.1:9/',
        rekorUrl: 'http://127.0.0.1:9/rekor',
        tsaUrl: 'http://127.0.0.1:9',
      },
      'custom',
      'http://127.0.0.1:9',
      'http://127.0.0.1:9/rekor',
      'http://127.0.0.1:9',
    ],
  ] as const)('%s', (_, options, id, fulcio, rekor, tsa) => {
    const instance = resolveSigstoreInstance(options as any);
    expect(instance).toMatchObject({ id, fulcioUrl: fulcio });
    expect(instance.rekorUrl).toBe(rekor);
    expect(instance.tsaUrl).toBe(tsa);
  });

  test('issuer follows the server', () => {
    expect(resolveSigstoreInstance({ choice: 'github' }).oidcIssuer).toBe(
      'https://token.actions.githubusercontent.com',
    );
    expect(resolveSigstoreInstance({ choice: 'github', serverUrl: 'https://acme.ghe.com' }).oidcIssuer).toBe(
      'https://token.actions.acme.ghe.com',
    );
  });

  test.each([
    ['custom without fulcio-url', { choice: 'custom', rekorUrl: 'https://r' }, /input "fulcio-url"/],
    [
      'custom without log or TSA',
      { choice: 'custom', fulcioUrl: 'https://f' },
      /needs a transparency log or a timestamp authority/,
    ],
    ['URLs without custom', { choice: 'github', fulcioUrl: 'https://f' }, /apply to sigstore: custom only/],
    ['a URL with a query', { choice: 'custom', fulcioUrl: 'https://f/?x=1', tsaUrl: 'https://t' }, /has a query/],
    [
      'public-good on a GHE.com tenant',
      { choice: 'public-good', serverUrl: 'https://acme.ghe.com' },
      /GHE.com tenant \(acme\)/,
    ],
  ] as const)('%s is refused', (_, options, message) => {
    expect(() => resolveSigstoreInstance(options as any)).toThrow(message);
  });
});

const DIGEST = `sha256:${'a'.repeat(64)}`;
const IDENTITY: CertificateIdentity = {
  subjectAlternativeName: 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
  sourceRepositoryUri: 'https://github.com/octo-org/app',
  sourceRepositoryOwnerUri: 'https://github.com/octo-org',
  sourceRepositoryRef: 'refs/heads/main',
  sourceRepositoryDigest: 'c'.repeat(40),
  buildSignerDigest: 'c'.repeat(40),
  runnerEnvironment: 'github-hosted',
};
const STATEMENT: Statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'ghcr.io/octo-org/app', digest: { sha256: 'a'.repeat(64) } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: {},
};
const base = { defaultIssuer: 'https://token.actions.githubusercontent.com' };

function failures(
  inputs: Record<string, unknown>,
  facts: Partial<{ identity: CertificateIdentity; statement: Statement; imageDigest: string }> = {},
) {
  const policy = parseVerifyPolicy({ ...base, ...inputs } as any);
  return checkPolicy(policy, { identity: IDENTITY, statement: STATEMENT, imageDigest: DIGEST, ...facts }).filter(
    (c) => !c.passed,
  );
}

describe('verification policy', () => {
  test("the run's own attestation passes every check", () => {
    expect(
      failures({
        repo: 'octo-org/app',
        'source-ref': 'refs/heads/main',
        'source-digest': 'c'.repeat(40),
        'signer-digest': 'c'.repeat(40),
        'deny-self-hosted-runners': true,
      }),
    ).toEqual([]);
    expect(failures({ owner: 'Octo-Org', 'signer-workflow': 'octo-org/app/.github/workflows/release.yml' })).toEqual(
      [],
    );
    expect(failures({ owner: 'octo-org', 'cert-identity-regex': '^https://github\\.com/octo-org/' })).toEqual([]);
  });

  test.each([
    [
      'wrong subject digest',
      { repo: 'octo-org/app' },
      { imageDigest: `sha256:${'b'.repeat(64)}` },
      'subject-digest',
      /is for ghcr.io\/octo-org\/app@sha256:a+, not for the image sha256:b+/,
    ],
    [
      'wrong repository',
      { repo: 'octo-org/other' },
      {},
      'repo',
      /made in https:\/\/github.com\/octo-org\/app, not in https:\/\/github.com\/octo-org\/other/,
    ],
    [
      'wrong owner',
      { owner: 'someone' },
      {},
      'owner',
      /made by https:\/\/github.com\/octo-org, not by https:\/\/github.com\/someone/,
    ],
    [
      'wrong workflow identity',
      { repo: 'octo-org/app', 'signer-workflow': 'octo-org/app/.github/workflows/other.yml' },
      {},
      'signer-workflow',
      /signing workflow is .*release.yml@refs\/heads\/main, not https:\/\/github.com\/octo-org\/app\/.+\/other.yml/,
    ],
    [
      'wrong issuer',
      { repo: 'octo-org/app', 'cert-oidc-issuer': 'https://issuer.example' },
      {},
      'cert-oidc-issuer',
      /issued for tokens of https:\/\/token.actions.githubusercontent.com, the policy wants https:\/\/issuer.example/,
    ],
    [
      'wrong cert-identity',
      { repo: 'octo-org/app', 'cert-identity': 'https://github.com/x/y/.github/workflows/z.yml@refs/heads/main' },
      {},
      'cert-identity',
      /wants exactly/,
    ],
    [
      'wrong predicate type',
      { repo: 'octo-org/app', 'predicate-type': 'https://spdx.dev/Document/v2.3' },
      {},
      'predicate-type',
      /predicate type is https:\/\/slsa.dev\/provenance\/v1, the policy wants https:\/\/spdx.dev/,
    ],
    [
      'self-hosted runner',
      { repo: 'octo-org/app', 'deny-self-hosted-runners': true },
      { identity: { ...IDENTITY, runnerEnvironment: 'self-hosted' } },
      'deny-self-hosted-runners',
      /signed on a self-hosted runner/,
    ],
    [
      'wrong source ref',
      { repo: 'octo-org/app', 'source-ref': 'refs/tags/v1' },
      {},
      'source-ref',
      /source ref is refs\/heads\/main, not refs\/tags\/v1/,
    ],
    [
      'wrong source digest',
      { repo: 'octo-org/app', 'source-digest': 'd'.repeat(40) },
      {},
      'source-digest',
      /source commit is c+, not d+/,
    ],
    [
      'wrong signer digest',
      { repo: 'octo-org/app', 'signer-digest': 'd'.repeat(40) },
      {},
      'signer-digest',
      /signing workflow's commit is c+, not d+/,
    ],
    [
      'signer outside the repository',
      { repo: 'octo-org/app' },
      {
        identity: {
          ...IDENTITY,
          subjectAlternativeName: 'https://github.com/evil/x/.github/workflows/a.yml@refs/heads/main',
        },
      },
      'signer',
      /not in https:\/\/github.com\/octo-org\/app \(set signer-repo/,
    ],
  ] as const)('%s fails with its own message', (_, inputs, facts, check, message) => {
    const failed = failures(inputs, facts as any);
    // A wrong repository or owner also puts the signer outside it: two checks, two messages.
    expect(failed.map((f) => f.check)).toEqual(check === 'repo' || check === 'owner' ? [check, 'signer'] : [check]);
    expect(failed[0]!.message).toMatch(message);
  });

  test.each([
    ['neither owner nor repo', {}, /input "owner": verify needs the owner or the repository/],
    ['both owner and repo', { owner: 'a', repo: 'a/b' }, /owner and repo are exclusive/],
    [
      'two signer identities',
      { owner: 'a', 'signer-repo': 'a/b', 'cert-identity': 'x' },
      /signer-repo and cert-identity are exclusive/,
    ],
    ['a bad regex', { owner: 'a', 'cert-identity-regex': '(' }, /is not a regular expression/],
    ['a short source digest', { owner: 'a', 'source-digest': 'abc' }, /is not a commit SHA/],
  ])('policy inputs: %s', (_, inputs, message) => {
    expect(() => parseVerifyPolicy({ ...base, ...inputs } as any)).toThrow(message);
  });
});

describe('trusted roots', () => {
  test('the pinned public-good root has Fulcio, Rekor and CT logs', async () => {
    const { pinnedPublicGoodRoot, trustedRoots, rootRequirements } =
      await import('../../../packages/core/src/attest/index.ts');
    const { TrustedRoot } = await import('@sigstore/protobuf-specs');
    const root = TrustedRoot.fromJSON(pinnedPublicGoodRoot().json);
    expect(root.certificateAuthorities.some((ca) => ca.uri.includes('fulcio.sigstore.dev'))).toBe(true);
    expect(rootRequirements(root)).toMatchObject({ tlogThreshold: 1, ctlogThreshold: 1 });
    expect((await trustedRoots('', false)).map((r) => r.name)).toEqual(['pinned public-good trusted root']);
    await expect(trustedRoots('', true)).rejects.toThrow(/input "no-public-good".*gh attestation trusted-root/);
    await expect(trustedRoots('/nonexistent/root.json', false)).rejects.toThrow(/input "trusted-root": cannot be read/);
  });
});
