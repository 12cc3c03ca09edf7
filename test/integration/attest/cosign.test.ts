import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildProvenance,
  buildStatement,
  pushBundleReferrer,
  requestIdToken,
  resolveSigstoreInstance,
  signStatement,
  type SigstoreInstance,
} from '../../../packages/core/src/attest/index.ts';
import { getManifest, RegistryClient } from '../../../packages/core/src/registry/index.ts';
import { ENV, SIGNER } from '../../fixtures/actions-claims.ts';
import { findCosign, runCosign, startCosignWorld, type CosignWorld } from '../../harness/cosign.ts';
import type { LocalRegistry } from '../../harness/registry.ts';
import type { LocalSigstore } from '../../harness/sigstore.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

// An independent verifier: cosign v2 must accept what we sign and store. Install it with
// scripts/install-tools.sh (cosign from the Go module proxy); without it this file fails.
const cosign = findCosign();
const SAN = SIGNER.san;
const ISSUER = SIGNER.issuer;

let registry: LocalRegistry;
let sigstore: LocalSigstore;
let dir: string;

let world: CosignWorld;
beforeAll(async () => {
  world = await startCosignWorld('cosign-');
  ({ registry, sigstore, dir } = world);
});
afterAll(async () => {
  await world?.stop();
});

const client = () =>
  new RegistryClient({
    registry: registry.host,
    credentials: { username: registry.username!, password: registry.password! },
  });

async function attestImage(instance: SigstoreInstance) {
  const c = client();
  const image = await pushTinyImage(c, 'octo-org/app');
  const manifest = await getManifest(c, 'octo-org/app', image.digest);
  const env = {
    ...ENV,
    ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
  };
  const { token, claims } = await requestIdToken(env);
  const statement = buildStatement(
    [{ name: `${registry.host}/octo-org/app`, digest: { sha256: image.digest.slice(7) } }],
    buildProvenance(claims, env),
  );
  const bundle = await signStatement(statement, { instance, identityToken: token });
  const bundlePath = join(dir, `${image.digest.slice(7, 19)}.sigstore.json`);
  writeFileSync(bundlePath, JSON.stringify(bundle));
  const blobPath = join(dir, `${image.digest.slice(7, 19)}.manifest.json`);
  writeFileSync(blobPath, manifest.bytes);
  return { image, bundle, bundlePath, blobPath };
}

function root(parts: { tlog: boolean; tsa: boolean }) {
  const path = join(dir, `root-${parts.tlog}-${parts.tsa}.json`);
  writeFileSync(path, JSON.stringify(sigstore.trustedRoot(parts)));
  return path;
}

const identity = [
  '--certificate-identity',
  SAN,
  '--certificate-oidc-issuer',
  ISSUER,
  '--type',
  'https://slsa.dev/provenance/v1',
];

describe('cosign verify-blob-attestation --new-bundle-format accepts our bundles', () => {
  test('public-good style (Fulcio + CT + Rekor intoto entry)', async () => {
    const { bundlePath, blobPath } = await attestImage(
      resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url }),
    );
    const result = await runCosign(cosign!, [
      'verify-blob-attestation',
      '--new-bundle-format',
      '--bundle',
      bundlePath,
      '--trusted-root',
      root({ tlog: true, tsa: false }),
      ...identity,
      blobPath,
    ]);
    expect(result.output).toMatch(/Verified OK/);
    expect(result.code).toBe(0);
  });

  test('GitHub style (Fulcio + timestamp authority, no log)', async () => {
    const { bundlePath, blobPath } = await attestImage(
      resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, tsaUrl: sigstore.url }),
    );
    const result = await runCosign(cosign!, [
      'verify-blob-attestation',
      '--new-bundle-format',
      '--bundle',
      bundlePath,
      '--trusted-root',
      root({ tlog: false, tsa: true }),
      '--use-signed-timestamps',
      '--insecure-ignore-tlog',
      ...identity,
      blobPath,
    ]);
    expect(result.output).toMatch(/Verified OK/);
    expect(result.code).toBe(0);
  });

  test('and refuses it for another image', async () => {
    const { bundlePath } = await attestImage(
      resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url }),
    );
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"schemaVersion":2}');
    const result = await runCosign(cosign!, [
      'verify-blob-attestation',
      '--new-bundle-format',
      '--bundle',
      bundlePath,
      '--trusted-root',
      root({ tlog: true, tsa: false }),
      ...identity,
      other,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/artifact digest does not match any digest in statement/);
  });
});

describe('cosign verify-attestation finds the referrer in the local registry', () => {
  test('tag-schema referrer, htpasswd registry', async () => {
    const { image, bundle } = await attestImage(
      resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url }),
    );
    await pushBundleReferrer(
      client(),
      'octo-org/app',
      image.digest,
      Buffer.from(JSON.stringify(bundle)),
      'https://slsa.dev/provenance/v1',
    );
    const config = world.dockerConfig;
    const result = await runCosign(
      cosign!,
      [
        'verify-attestation',
        '--new-bundle-format',
        '--trusted-root',
        root({ tlog: true, tsa: false }),
        ...identity,
        '--allow-http-registry',
        '--allow-insecure-registry',
        `${registry.host}/octo-org/app@${image.digest}`,
      ],
      { DOCKER_CONFIG: config },
    );
    expect(result.output).toMatch(
      /The code-signing certificate was verified using trusted certificate authority certificates/,
    );
    expect(result.code).toBe(0);
  });
});
