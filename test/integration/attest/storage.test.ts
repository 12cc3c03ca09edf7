import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildProvenance,
  buildStatement,
  fetchReferrerBundles,
  listAttestations,
  pushBundleReferrer,
  repositoryVisibility,
  requestIdToken,
  resolveSigstoreInstance,
  signStatement,
  storeAttestation,
  verifyBundle,
  SIGSTORE_BUNDLE_V03,
} from '../../../packages/core/src/attest/index.ts';
import { getManifest, listReferrers, referrersTag, RegistryClient } from '../../../packages/core/src/registry/index.ts';
import { CLAIMS, ENV } from '../../fixtures/actions-claims.ts';
import { startGitHubApi, type GitHubApi } from '../../harness/github-api.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { startSigstore, type LocalSigstore } from '../../harness/sigstore.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

let registry: LocalRegistry;
let api: GitHubApi;
let sigstore: LocalSigstore;

beforeAll(async () => {
  [registry, api, sigstore] = await Promise.all([
    startRegistry({ auth: 'htpasswd' }),
    startGitHubApi({
      tokens: ['job-token', 'read-token'],
      attestationAccess: { 'read-token': 'read' },
      repositories: { 'octo-org/app': { full_name: 'octo-org/app', private: true, visibility: 'internal' } },
    }),
    startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
  ]);
});
afterAll(async () => {
  await Promise.all([registry?.stop(), api?.stop(), sigstore?.stop()]);
});

async function signedBundleFor(digest: string) {
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
    instance: resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, tsaUrl: sigstore.url }),
    identityToken: token,
  });
}

describe('attestations API (simulator)', () => {
  const options = (token: string) => ({ apiUrl: api.url, token, repository: 'octo-org/app' });
  const digest = `sha256:${'a'.repeat(64)}`;

  test('stores a bundle and lists it by subject digest', async () => {
    const bundle = await signedBundleFor(digest);
    const id = await storeAttestation(options('job-token'), bundle);
    expect(id).toMatch(/^\d+$/);
    const { bundles } = await listAttestations(options('job-token'), digest);
    expect(bundles).toEqual([bundle]);
    expect(await listAttestations(options('job-token'), `sha256:${'f'.repeat(64)}`)).toEqual({ bundles: [] });
  });

  test("a 403 says to add attestations: write, and prints GitHub's words", async () => {
    await expect(storeAttestation(options('read-token'), await signedBundleFor(digest))).rejects.toThrow(
      /add `permissions: attestations: write`.*GitHub answered HTTP 403: Resource not accessible by integration/,
    );
  });

  test('visibility comes from the repository', async () => {
    expect(await repositoryVisibility(options('job-token'))).toBe('internal');
    expect(await repositoryVisibility({ ...options('job-token'), repository: 'octo-org/none' })).toBeUndefined();
  });
});

describe('registry referrer (distribution 2.8 with htpasswd: tag schema)', () => {
  const client = () =>
    new RegistryClient({
      registry: registry.host,
      credentials: { username: registry.username!, password: registry.password! },
    });

  test('pushes the bundle as an artifact with subject, lists it under sha256-<hex>, and reads it back', async () => {
    const c = client();
    const image = await pushTinyImage(c, 'octo-org/app');
    const bundle = await signedBundleFor(image.digest);
    const bytes = Buffer.from(JSON.stringify(bundle));
    const referrer = await pushBundleReferrer(c, 'octo-org/app', image.digest, bytes, 'https://slsa.dev/provenance/v1');
    // Pushing again changes nothing: same bytes, same digest, one index entry.
    expect(await pushBundleReferrer(c, 'octo-org/app', image.digest, bytes, 'https://slsa.dev/provenance/v1')).toBe(
      referrer,
    );

    const manifest = JSON.parse(Buffer.from((await getManifest(c, 'octo-org/app', referrer)).bytes).toString('utf8'));
    expect(manifest).toMatchObject({
      artifactType: SIGSTORE_BUNDLE_V03,
      config: {
        mediaType: 'application/vnd.oci.empty.v1+json',
        digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
        size: 2,
      },
      layers: [{ mediaType: SIGSTORE_BUNDLE_V03 }],
      subject: { digest: image.digest, mediaType: image.mediaType, size: image.size },
    });
    const listed = await listReferrers(c, 'octo-org/app', image.digest, SIGSTORE_BUNDLE_V03);
    expect(listed).toMatchObject({
      source: 'tag',
      descriptors: [{ digest: referrer, artifactType: SIGSTORE_BUNDLE_V03 }],
    });
    expect((await getManifest(c, 'octo-org/app', referrersTag(image.digest))).digest).toMatch(/^sha256:/);

    const found = await fetchReferrerBundles(c, 'octo-org/app', image.digest);
    expect(found).toEqual([{ digest: referrer, bundle }]);
    expect(
      verifyBundle(found[0]!.bundle, [{ name: 'test root', json: sigstore.trustedRoot({ tlog: false, tsa: true }) }])
        .statement.subject[0]!.digest.sha256,
    ).toBe(image.digest.slice(7));
  });

  test('refused credentials say to add packages: write', async () => {
    const image = await pushTinyImage(client(), 'octo-org/app');
    const wrong = new RegistryClient({
      registry: registry.host,
      credentials: { username: registry.username!, password: 'wrong' },
    });
    await expect(pushBundleReferrer(wrong, 'octo-org/app', image.digest, Buffer.from('{}'), 'x:y')).rejects.toThrow(
      /add `permissions: packages: write`.*link the package.*HTTP 401/,
    );
  });

  test('an image that is not there is named', async () => {
    await expect(
      pushBundleReferrer(client(), 'octo-org/app', `sha256:${'e'.repeat(64)}`, Buffer.from('{}'), 'x:y'),
    ).rejects.toThrow(/not in this repository; push it before attesting/);
  });
});
