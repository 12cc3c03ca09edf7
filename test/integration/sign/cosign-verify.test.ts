import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  pushBundleReferrer,
  requestIdToken,
  resolveSigstoreInstance,
  signImages,
  signatureTag,
  COSIGN_SIGN_PREDICATE,
  type SignatureFormat,
  type SigstoreInstance,
} from '../../../packages/core/src/attest/index.ts';
import { getManifest, putManifest, RegistryClient } from '../../../packages/core/src/registry/index.ts';
import { ENV, SIGNER } from '../../fixtures/actions-claims.ts';
import { findCosign, runCosign, startCosignWorld, type CosignWorld } from '../../harness/cosign.ts';
import type { LocalRegistry } from '../../harness/registry.ts';
import type { LocalSigstore } from '../../harness/sigstore.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

// The real cosign v2 (scripts/install-tools.sh) must accept the image signatures we write, in
// both storage forms, offline against the local Sigstore's trusted root, and refuse them for
// another identity, issuer or digest.
const cosign = findCosign();
const SAN = SIGNER.san;
const ISSUER = SIGNER.issuer;

let registry: LocalRegistry;
let sigstore: LocalSigstore;
let dir: string;
let dockerConfig: string;

let world: CosignWorld;
beforeAll(async () => {
  world = await startCosignWorld('sign-cosign-');
  ({ registry, sigstore, dir, dockerConfig } = world);
});
afterAll(async () => {
  await world?.stop();
});

const client = () =>
  new RegistryClient({
    registry: registry.host,
    credentials: { username: registry.username!, password: registry.password! },
  });
const withLog = () => resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url });
const withTsa = () => resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, tsaUrl: sigstore.url });

async function signedImage(repository: string, format: SignatureFormat, instance: SigstoreInstance = withLog()) {
  const image = await pushTinyImage(client(), repository);
  const env = {
    ...ENV,
    ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
  };
  const { token } = await requestIdToken(env);
  const [record] = await signImages({
    images: [{ registry: registry.host, repository, digest: image.digest }],
    format,
    perPlatform: false,
    instance,
    identityToken: token,
    outDir: dir,
    clientFor: () => client(),
    log: () => {},
  });
  return { digest: image.digest, record: record! };
}

function root(parts: { tlog: boolean; tsa: boolean }) {
  const path = join(dir, `root-${parts.tlog}-${parts.tsa}.json`);
  writeFileSync(path, JSON.stringify(sigstore.trustedRoot(parts)));
  return path;
}

function verify(ref: string, options: { identity?: string; issuer?: string; tsa?: boolean } = {}) {
  const tsa = options.tsa ?? false;
  return runCosign(
    cosign!,
    [
      'verify',
      '--trusted-root',
      root({ tlog: !tsa, tsa }),
      '--certificate-identity',
      options.identity ?? SAN,
      '--certificate-oidc-issuer',
      options.issuer ?? ISSUER,
      ...(tsa ? ['--use-signed-timestamps', '--insecure-ignore-tlog'] : []),
      '--allow-http-registry',
      '--allow-insecure-registry',
      ref,
    ],
    { DOCKER_CONFIG: dockerConfig },
  );
}

describe.each(['sig-tag', 'bundle'] as const)('cosign verify, %s form', (format) => {
  test('accepts the signature of the image digest (Fulcio + Rekor)', async () => {
    const repository = `octo-org/${format}-accept`;
    const { digest, record } = await signedImage(repository, format);
    const result = await verify(`${registry.host}/${repository}@${digest}`);
    expect(result.output).toMatch(
      /The code-signing certificate was verified using trusted certificate authority certificates/,
    );
    expect(result.code).toBe(0);
    expect(record.reference).toEqual(
      format === 'sig-tag'
        ? `${registry.host}/${repository}:${signatureTag(digest)}`
        : expect.stringMatching(new RegExp(`^${registry.host}/${repository}@sha256:[a-f0-9]{64}$`)),
    );
  });

  test('accepts it with a timestamp authority and no log (GitHub style)', async () => {
    const repository = `octo-org/${format}-tsa`;
    const { digest } = await signedImage(repository, format, withTsa());
    const result = await verify(`${registry.host}/${repository}@${digest}`, { tsa: true });
    expect(result.output).toMatch(/The code-signing certificate was verified/);
    expect(result.code).toBe(0);
  });

  test('rejects it for another identity', async () => {
    const repository = `octo-org/${format}-identity`;
    const { digest } = await signedImage(repository, format);
    const result = await verify(`${registry.host}/${repository}@${digest}`, {
      identity: 'https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main',
    });
    expect(result.code).not.toBe(0);
    // cosign words it per form: the .sig path lists what it found, the bundle path what it expected.
    expect(result.output).toMatch(
      /none of the expected identities matched|expected SAN value "https:\/\/github.com\/evil\/app/,
    );
  });

  test('rejects it for another issuer', async () => {
    const repository = `octo-org/${format}-issuer`;
    const { digest } = await signedImage(repository, format);
    const result = await verify(`${registry.host}/${repository}@${digest}`, { issuer: 'https://accounts.example.com' });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /none of the expected identities matched|expected issuer value "https:\/\/accounts.example.com"/,
    );
  });

  test('rejects a signature moved to another digest', async () => {
    const repository = `octo-org/${format}-digest`;
    const { digest } = await signedImage(repository, format);
    const other = await pushTinyImage(client(), repository);
    if (format === 'sig-tag') {
      const sig = await getManifest(client(), repository, signatureTag(digest));
      await putManifest(client(), repository, signatureTag(other.digest), sig.bytes, sig.mediaType);
    } else {
      const { readFile } = await import('node:fs/promises');
      const bundle = await readFile((await signedImage(repository, format)).record.bundlePath);
      await pushBundleReferrer(client(), repository, other.digest, bundle, COSIGN_SIGN_PREDICATE);
    }
    const result = await verify(`${registry.host}/${repository}@${other.digest}`);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      format === 'sig-tag'
        ? /invalid or missing digest in claim/
        : /artifact digest does not match any digest in statement/,
    );
  });
});
