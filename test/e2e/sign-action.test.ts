import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchReferrerBundles, fetchSignatureTag, signatureTag } from '../../packages/core/src/attest/index.ts';
import { headManifest, RegistryClient } from '../../packages/core/src/registry/index.ts';
import { CLAIMS, ENV, SIGNER } from '../fixtures/actions-claims.ts';
import { dockerConfigFor, findCosign, runCosign } from '../harness/cosign.ts';
import { pushMultiArch } from '../harness/multi-arch-image.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { runActionAsync as runAction } from '../harness/run-action.ts';
import { startSigstore, type LocalSigstore } from '../harness/sigstore.ts';
import { pushTinyImage } from '../harness/tiny-image.ts';

// The sign action as the runner runs it (dist bundle, Node 24), against a registry with auth
// and the local Sigstore; the real cosign checks what it pushed.
let registry: LocalRegistry;
let sigstore: LocalSigstore;
let dir: string;
let env: Record<string, string>;
const SAN = SIGNER.san;

beforeAll(async () => {
  [registry, sigstore] = await Promise.all([
    startRegistry({ auth: 'htpasswd' }),
    startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'sign-e2e-'));
  env = {
    // No GitHub API in these tests: a closed loopback port, so nothing leaves the machine.
    ...ENV,
    GITHUB_ACTOR: 'octocat',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    DOCKER_CONFIG: dockerConfigFor(dir, registry),
    ACTIONS_ID_TOKEN_REQUEST_URL: `${sigstore.tokenUrl}?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
  };
});
afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop()]);
});

const client = () =>
  new RegistryClient({
    registry: registry.host,
    credentials: { username: registry.username!, password: registry.password! },
  });
const custom = () => ({ sigstore: 'custom', 'fulcio-url': sigstore.url, 'rekor-url': sigstore.url });

describe('sign action (dist bundle under Node 24)', () => {
  test('signs the digest as a bundle referrer by default, names it in the outputs; cosign verifies it', async () => {
    const image = await pushTinyImage(client(), 'octo-org/app');
    const run = await runAction(
      'sign',
      { 'image-refs': `${registry.host}/Octo-Org/App:v1@${image.digest}`, ...custom() },
      env,
    );
    expect(run.stdout + run.stderr).not.toMatch(/::error/);
    expect(run.status).toBe(0);
    const [ref] = run.outputs['signature-refs']!.split('\n');
    expect(ref).toMatch(new RegExp(`^${registry.host}/octo-org/app@sha256:[a-f0-9]{64}$`));
    expect(run.outputs['signed-digests']).toBe(`${registry.host}/octo-org/app@${image.digest}`);
    const stored = await fetchReferrerBundles(client(), 'octo-org/app', image.digest);
    expect(stored.map((s) => `${registry.host}/octo-org/app@${s.digest}`)).toEqual([ref]);
    const bundle = JSON.parse(readFileSync(run.outputs['bundle-path']!, 'utf8'));
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: image.digest.slice(7) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
    });
    expect(run.summary).toContain('Image signatures');

    const cosign = findCosign();
    if (!cosign) throw new Error('cosign v2 not found: run scripts/install-tools.sh cosign');
    const root = join(dir, 'root.json');
    writeFileSync(root, JSON.stringify(sigstore.trustedRoot({ tlog: true, tsa: false })));
    const verified = await runCosign(
      cosign,
      [
        'verify',
        '--trusted-root',
        root,
        '--certificate-identity',
        SAN,
        '--certificate-oidc-issuer',
        CLAIMS.iss,
        '--allow-http-registry',
        '--allow-insecure-registry',
        `${registry.host}/octo-org/app@${image.digest}`,
      ],
      { DOCKER_CONFIG: env.DOCKER_CONFIG! },
    );
    expect(verified.code, verified.output).toBe(0);
  });

  test('sig-tag format writes the sha256-<hex>.sig tag; per-platform signs index and platforms', async () => {
    const { index, children } = await pushMultiArch(client(), 'octo-org/multi', 'latest');
    const run = await runAction(
      'sign',
      {
        'image-refs': `${registry.host}/octo-org/multi@${index}`,
        'signature-format': 'sig-tag',
        'per-platform': 'true',
        ...custom(),
      },
      env,
    );
    expect(run.status, run.stdout).toBe(0);
    const platforms = children.filter((_, i) => i % 2 === 0);
    expect(run.outputs['signature-refs']!.split('\n')).toEqual(
      [index, ...platforms].map((d) => `${registry.host}/octo-org/multi:${signatureTag(d)}`),
    );
    for (const digest of [index, ...platforms])
      expect(await fetchSignatureTag(client(), 'octo-org/multi', digest)).toHaveLength(1);
    // buildx's attestation manifests are not images: no signature for them.
    expect(await headManifest(client(), 'octo-org/multi', signatureTag(children[1]!))).toBeUndefined();
  });

  test('without id-token: write it fails naming the permission; nothing reaches Fulcio, Rekor, registry', async () => {
    const image = await pushTinyImage(client(), 'octo-org/no-oidc');
    const { ACTIONS_ID_TOKEN_REQUEST_URL: _u, ACTIONS_ID_TOKEN_REQUEST_TOKEN: _t, ...without } = env;
    const before = sigstore.requests.length;
    const run = await runAction(
      'sign',
      { 'image-refs': `${registry.host}/octo-org/no-oidc@${image.digest}`, ...custom() },
      without,
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout.match(/::error::/g)).toHaveLength(1);
    expect(run.stdout).toMatch(
      /::error::.*add `permissions: id-token: write`.*ACTIONS_ID_TOKEN_REQUEST_URL is not set/,
    );
    expect(sigstore.requests.slice(before)).toEqual([]);
    expect(await fetchReferrerBundles(client(), 'octo-org/no-oidc', image.digest)).toEqual([]);
    expect(await headManifest(client(), 'octo-org/no-oidc', signatureTag(image.digest))).toBeUndefined();
  });

  test.each([
    ['a tag instead of a digest', { 'image-refs': 'ghcr.io/octo-org/app:v1' }, /input "image-refs": has no digest/],
    [
      'a short digest',
      { 'image-refs': `ghcr.io/octo-org/app@sha256:${'a'.repeat(12)}` },
      /input "image-refs".*is not a sha256 digest/,
    ],
    [
      'a bad name',
      { 'image-refs': `ghcr.io/Octo Org/app@sha256:${'a'.repeat(64)}` },
      /input "image-refs".*cannot contain spaces/,
    ],
    ['no image', { 'image-refs': '' }, /input "image-refs": there is nothing to sign/],
    [
      'a format cosign does not read',
      { 'image-refs': `ghcr.io/o/a@sha256:${'a'.repeat(64)}`, 'signature-format': 'jws' },
      /input "signature-format".*Use one of: bundle, sig-tag/,
    ],
    [
      'a boolean that is not one',
      { 'image-refs': `ghcr.io/o/a@sha256:${'a'.repeat(64)}`, 'per-platform': 'yes' },
      /input "per-platform": is not a boolean/,
    ],
    [
      'a Rekor URL without custom',
      { 'image-refs': `ghcr.io/o/a@sha256:${'a'.repeat(64)}`, 'rekor-url': 'https://rekor.example.com' },
      /input "sigstore".*apply to sigstore: custom only/,
    ],
  ])('%s fails before any request, naming the input', async (_name, inputs, message) => {
    const before = sigstore.requests.length;
    const run = await runAction('sign', inputs, env);
    expect(run.status).not.toBe(0);
    expect(run.stdout.match(/::error::/g)).toHaveLength(1);
    expect(run.stdout).toMatch(message);
    expect(sigstore.requests.slice(before)).toEqual([]);
  });
});
