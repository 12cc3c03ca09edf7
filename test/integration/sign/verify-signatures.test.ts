import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  attestSubjects,
  buildProvenance,
  parseVerifyPolicy,
  pushBundleReferrer,
  pushSignatureTag,
  requestIdToken,
  resolveSigstoreInstance,
  signImages,
  signatureTag,
  verifyImage,
  COSIGN_SIGN_PREDICATE,
  type SignatureFormat,
  type SignatureRule,
} from '../../../packages/core/src/attest/index.ts';
import {
  getManifest,
  imageManifestSchema,
  readBlob,
  RegistryClient,
} from '../../../packages/core/src/registry/index.ts';
import { CLAIMS, ENV } from '../../fixtures/actions-claims.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { startSigstore, type LocalSigstore } from '../../harness/sigstore.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

// Our own verifier (attest's mode: verify and `ghcr-kit verify`) reads both signature forms and
// holds them to the signer policy; the same signatures real cosign accepts in cosign-verify.test.ts.
let registry: LocalRegistry;
let sigstore: LocalSigstore;
let dir: string;

beforeAll(async () => {
  [registry, sigstore] = await Promise.all([
    startRegistry({ auth: 'htpasswd' }),
    startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'sign-verify-'));
});
afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop()]);
});

const client = () =>
  new RegistryClient({
    registry: registry.host,
    credentials: { username: registry.username!, password: registry.password! },
  });
const instance = () => resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url });
const env = () => ({
  ...ENV,
  ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
});
const roots = () => [{ name: 'local', json: sigstore.trustedRoot({ tlog: true, tsa: false }) }];
const policy = (extra: Record<string, string> = {}, signatures: SignatureRule = 'if-present') =>
  parseVerifyPolicy({
    repo: 'octo-org/app',
    'signer-workflow': 'octo-org/app/.github/workflows/release.yml',
    ...extra,
    signatures,
    defaultIssuer: CLAIMS.iss,
    serverUrl: 'https://github.com',
  });

async function image(repository: string, options: { sign?: SignatureFormat; attest?: boolean } = {}) {
  const pushed = await pushTinyImage(client(), repository);
  const { token, claims } = await requestIdToken(env());
  if (options.attest ?? true) {
    await attestSubjects({
      subjects: [{ name: `${registry.host}/${repository}`, digest: { sha256: pushed.digest.slice(7) } }],
      predicate: buildProvenance(claims, env()),
      predicateSource: 'provenance',
      instance: instance(),
      identityToken: token,
      pushToRegistry: true,
      perPlatform: false,
      outDir: dir,
      clientFor: () => client(),
      log: () => {},
      warn: () => {},
    });
  }
  const records = options.sign
    ? await signImages({
        images: [{ registry: registry.host, repository, digest: pushed.digest }],
        format: options.sign,
        perPlatform: false,
        instance: instance(),
        identityToken: token,
        outDir: dir,
        clientFor: () => client(),
        log: () => {},
      })
    : [];
  return { digest: pushed.digest, records };
}

const verify = (repository: string, digest: string, p = policy()) =>
  verifyImage({ image: { registry: registry.host, repository, digest }, policy: p, roots: roots(), client: client() });

describe.each(['bundle', 'sig-tag'] as const)('verify checks %s signatures', (format) => {
  test("a signature by the policy's workflow passes, and is not taken for an attestation", async () => {
    const repository = `octo-org/${format}-ok`;
    const { digest } = await image(repository, { sign: format });
    const result = await verify(repository, digest);
    expect(result.verified).toBe(true);
    expect(result.attestations).toHaveLength(1);
    expect(result.signatures).toEqual([
      expect.objectContaining({
        form: format,
        passed: true,
        signer: expect.stringContaining('release.yml@refs/heads/main'),
      }),
    ]);
  });

  test('another signer workflow or issuer fails the signature, and the verdict', async () => {
    const repository = `octo-org/${format}-who`;
    const { digest } = await image(repository, { sign: format });
    const others: Array<Record<string, string>> = [
      { 'signer-workflow': 'octo-org/app/.github/workflows/deploy.yml' },
      { 'cert-oidc-issuer': 'https://accounts.example.com' },
    ];
    for (const extra of others) {
      const result = await verify(repository, digest, policy(extra));
      expect(result.verified).toBe(false);
      expect(result.signatures![0]!.passed).toBe(false);
      expect(result.signatures![0]!.checks.filter((c) => !c.passed).map((c) => c.check)).toEqual([
        Object.keys(extra)[0],
      ]);
    }
  });

  test('a signature copied to another digest fails its signed-digest check', async () => {
    const repository = `octo-org/${format}-moved`;
    const { digest, records } = await image(repository, { sign: format, attest: false });
    const other = await image(repository);
    if (format === 'bundle') {
      await pushBundleReferrer(
        client(),
        repository,
        other.digest,
        readFileSync(records[0]!.bundlePath),
        COSIGN_SIGN_PREDICATE,
      );
    } else {
      const sig = imageManifestSchema.parse(
        JSON.parse(Buffer.from((await getManifest(client(), repository, signatureTag(digest))).bytes).toString('utf8')),
      );
      const layer = sig.layers[0]!;
      await pushSignatureTag(
        client(),
        repository,
        other.digest,
        Buffer.from(await readBlob(client(), repository, layer.digest)),
        layer,
      );
    }
    const result = await verify(repository, other.digest);
    expect(result.verified).toBe(false);
    expect(result.signatures![0]!.checks.find((c) => c.check === 'signed-digest')).toMatchObject({
      passed: false,
      message: expect.stringContaining(digest),
    });
  });
});

test('an altered .sig signature fails on the signature itself', async () => {
  const repository = 'octo-org/tampered';
  const { digest } = await image(repository, { sign: 'sig-tag' });
  const sig = imageManifestSchema.parse(
    JSON.parse(Buffer.from((await getManifest(client(), repository, signatureTag(digest))).bytes).toString('utf8')),
  );
  const layer = sig.layers[0]!;
  const payload = Buffer.from(await readBlob(client(), repository, layer.digest));
  const other = await image(repository);
  // The same certificate and log entry over another image's payload: the signature no longer matches.
  const forged = Buffer.from(payload.toString('utf8').replace(digest, other.digest));
  await pushSignatureTag(client(), repository, other.digest, forged, {
    ...layer,
    digest: `sha256:${(await import('node:crypto')).createHash('sha256').update(forged).digest('hex')}`,
    size: forged.byteLength,
  });
  const result = await verify(repository, other.digest);
  expect(result.signatures![0]).toMatchObject({
    passed: false,
    error: { check: expect.stringMatching(/signature|transparency-log/) },
  });
});

test('signatures: required refuses an unsigned image; if-present passes it with a note; ignore skips it', async () => {
  const repository = 'octo-org/unsigned';
  const { digest } = await image(repository);
  expect((await verify(repository, digest, policy({}, 'required'))).verified).toBe(false);
  const present = await verify(repository, digest);
  expect(present.verified).toBe(true);
  expect(present.notes.join('\n')).toMatch(/no cosign signature/);
  const signed = await image('octo-org/ignored', { sign: 'bundle' });
  expect((await verify('octo-org/ignored', signed.digest, policy({}, 'ignore'))).signatures).toEqual([]);
});
