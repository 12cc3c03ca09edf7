import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildProvenance,
  buildStatement,
  parseVerifyPolicy,
  pushBundleReferrer,
  requestIdToken,
  resolveSigstoreInstance,
  signStatement,
  storeAttestation,
  verifyFailureMessage,
  verifyImage,
  SIGSTORE_BUNDLE_V03,
} from '../../../packages/core/src/attest/index.ts';
import {
  headManifest,
  listReferrers,
  referrersTag,
  RegistryClient,
} from '../../../packages/core/src/registry/index.ts';
import { CLAIMS, ENV } from '../../fixtures/actions-claims.ts';
import { startGitHubApi, type GitHubApi } from '../../harness/github-api.ts';
import { startReferrersRegistry, type ReferrersRegistry } from '../../harness/referrers-registry.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { startSigstore, type LocalSigstore } from '../../harness/sigstore.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

let upstream: LocalRegistry;
let registry: ReferrersRegistry;
let api: GitHubApi;
let sigstore: LocalSigstore;

beforeAll(async () => {
  [upstream, api, sigstore] = await Promise.all([
    startRegistry(),
    startGitHubApi({
      tokens: ['job-token', 'no-read'],
      attestationAccess: { 'no-read': 'none' },
      repositories: { 'octo-org/app': { visibility: 'public' } },
    }),
    startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
  ]);
  registry = await startReferrersRegistry(upstream.host);
});
afterAll(async () => {
  await Promise.all([registry?.stop(), upstream?.stop(), api?.stop(), sigstore?.stop()]);
});

const policy = parseVerifyPolicy({
  repo: 'octo-org/app',
  defaultIssuer: 'https://token.actions.githubusercontent.com',
});
const roots = () => [{ name: 'test root', json: sigstore.trustedRoot({ tlog: true, tsa: false }) }];

async function signFor(digest: string) {
  const env = {
    ...ENV,
    ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
  };
  const { token, claims } = await requestIdToken(env);
  const statement = buildStatement(
    [{ name: `${registry.host}/octo-org/app`, digest: { sha256: digest.slice(7) } }],
    buildProvenance(claims, env),
  );
  return signStatement(statement, {
    instance: resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url }),
    identityToken: token,
  });
}

describe('registry with the referrers API', () => {
  test('the registry indexes the referrer; no sha256-<hex> tag is written; verify finds it by the API', async () => {
    const client = new RegistryClient({ registry: registry.host });
    const image = await pushTinyImage(client, 'octo-org/app');
    const bundle = await signFor(image.digest);
    const referrer = await pushBundleReferrer(
      client,
      'octo-org/app',
      image.digest,
      Buffer.from(JSON.stringify(bundle)),
      'https://slsa.dev/provenance/v1',
    );
    expect(await listReferrers(client, 'octo-org/app', image.digest, SIGSTORE_BUNDLE_V03)).toMatchObject({
      source: 'api',
      descriptors: [{ digest: referrer }],
    });
    expect(await headManifest(client, 'octo-org/app', referrersTag(image.digest))).toBeUndefined();

    const result = await verifyImage({
      image: { registry: registry.host, repository: 'octo-org/app', digest: image.digest },
      policy,
      roots: roots(),
      client,
    });
    expect(result).toMatchObject({
      verified: true,
      attestations: [{ source: `${registry.host}/octo-org/app@${referrer}`, passed: true }],
    });
  });

  test('the attestations API is searched too; a token that cannot read it is noted, not fatal', async () => {
    const client = new RegistryClient({ registry: registry.host });
    const image = await pushTinyImage(client, 'octo-org/app');
    await storeAttestation(
      { apiUrl: api.url, token: 'job-token', repository: 'octo-org/app' },
      await signFor(image.digest),
    );
    const request = {
      image: { registry: registry.host, repository: 'octo-org/app', digest: image.digest },
      policy,
      roots: roots(),
      client,
    };
    const viaApi = await verifyImage({
      ...request,
      api: { apiUrl: api.url, token: 'job-token', repository: 'octo-org/app' },
    });
    expect(viaApi).toMatchObject({
      verified: true,
      attestations: [{ source: 'attestations API (octo-org/app)', passed: true }],
    });

    const unreadable = await verifyImage({
      ...request,
      api: { apiUrl: api.url, token: 'no-read', repository: 'octo-org/app' },
    });
    expect(unreadable.verified).toBe(false);
    expect(verifyFailureMessage(unreadable, policy.predicateType)).toMatch(
      /no attestation found .*the token cannot read attestations of octo-org\/app \(add `attestations: read`\)/,
    );
  });

  test('an attestation for another digest is found nowhere for this image', async () => {
    const client = new RegistryClient({ registry: registry.host });
    const image = await pushTinyImage(client, 'octo-org/app');
    const result = await verifyImage({
      image: { registry: registry.host, repository: 'octo-org/app', digest: image.digest },
      policy,
      roots: roots(),
      client,
    });
    expect(result).toMatchObject({ verified: false, attestations: [] });
  });
});
