import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RegistryClient, OCI_INDEX, putManifest, sha256Digest } from '../../packages/core/src/registry/index.ts';
import { CLAIMS, ENV } from '../fixtures/actions-claims.ts';
import { startGitHubApi, type GitHubApi } from '../harness/github-api.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { runActionAsync as runAction } from '../harness/run-action.ts';
import { startSigstore, type LocalSigstore } from '../harness/sigstore.ts';
import { pushTinyImage } from '../harness/tiny-image.ts';

let registry: LocalRegistry;
let api: GitHubApi;
let sigstore: LocalSigstore;
let dir: string;
let env: Record<string, string>;
let rootPath: string;

beforeAll(async () => {
  [registry, api, sigstore] = await Promise.all([
    startRegistry({ auth: 'htpasswd' }),
    startGitHubApi({
      tokens: ['job-token', 'read-token'],
      attestationAccess: { 'read-token': 'read' },
      repositories: { 'octo-org/app': { full_name: 'octo-org/app', visibility: 'private', private: true } },
    }),
    startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'attest-e2e-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: { [registry.host]: { auth: Buffer.from(`${registry.username}:${registry.password}`).toString('base64') } },
    }),
  );
  rootPath = join(dir, 'trusted_root.json');
  writeFileSync(rootPath, JSON.stringify(sigstore.trustedRoot({ tlog: true, tsa: true })));
  env = {
    ...ENV,
    GITHUB_API_URL: api.url,
    GITHUB_ACTOR: 'octocat',
    DOCKER_CONFIG: dir,
    ACTIONS_ID_TOKEN_REQUEST_URL: `${sigstore.tokenUrl}?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
  };
});
afterAll(async () => {
  await Promise.all([registry?.stop(), api?.stop(), sigstore?.stop()]);
});

const sigstoreInputs = () => ({
  sigstore: 'custom',
  'fulcio-url': sigstore.url,
  'rekor-url': sigstore.url,
  'tsa-url': sigstore.url,
});
const client = () =>
  new RegistryClient({
    registry: registry.host,
    credentials: { username: registry.username!, password: registry.password! },
  });

describe('attest action (dist bundle under Node 24)', () => {
  test('attests two images with one signature, stores once, refers from each repository, verifies by tag', async () => {
    const amd = await pushTinyImage(client(), 'octo-org/app', { tag: 'v1' });
    const mirror = await pushTinyImage(client(), 'octo-org/mirror');
    const run = await runAction(
      'attest',
      {
        'image-refs': [
          `${registry.host}/Octo-Org/App:v1@${amd.digest}`,
          `${registry.host}/octo-org/mirror@${mirror.digest}`,
        ].join('\n'),
        'push-to-registry': 'true',
        'github-token': 'job-token',
        ...sigstoreInputs(),
      },
      env,
    );
    expect(run.stderr + run.stdout).not.toMatch(/::error/);
    expect(run.status).toBe(0);
    expect(run.outputs['attestation-id']).toBe('1');
    expect(run.outputs['attestation-url']).toBe('https://github.com/octo-org/app/attestations/1');
    const referrers = run.outputs['referrer-digest']!.split('\n');
    expect(referrers).toHaveLength(2);
    expect(referrers[0]).toMatch(new RegExp(`^${registry.host}/octo-org/app@sha256:[a-f0-9]{64}$`));
    expect(api.attestations).toHaveLength(1);
    const bundle = JSON.parse(readFileSync(run.outputs['bundle-path']!, 'utf8'));
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    expect(statement.subject.map((s: { name: string }) => s.name)).toEqual([
      `${registry.host}/octo-org/app`,
      `${registry.host}/octo-org/mirror`,
    ]);
    expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(run.summary).toContain('Attestations (https://slsa.dev/provenance/v1)');

    const verify = await runAction(
      'attest',
      {
        mode: 'verify',
        'image-ref': `${registry.host}/octo-org/app:v1`,
        repo: 'octo-org/app',
        'signer-workflow': 'octo-org/app/.github/workflows/release.yml',
        'trusted-root': rootPath,
        'github-token': 'job-token',
      },
      env,
    );
    expect(verify.stdout).toMatch(/verified .*octo-org\/app@sha256:/);
    expect(verify.status).toBe(0);
    const result = JSON.parse(readFileSync(verify.outputs['result-path']!, 'utf8'));
    expect(result).toMatchObject({ digest: amd.digest, verified: true });
    // Found in the registry (tag schema) and, the same bundle, in the attestations API: listed once.
    expect(result.attestations).toHaveLength(1);

    const wrong = await runAction(
      'attest',
      {
        mode: 'verify',
        'image-ref': `${registry.host}/octo-org/app@${amd.digest}`,
        repo: 'octo-org/app',
        'signer-workflow': 'octo-org/app/.github/workflows/deploy.yml',
        'trusted-root': rootPath,
        'github-token': 'job-token',
      },
      env,
    );
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(
      /signer-workflow: the signing workflow is .*release.yml@refs\/heads\/main, not .*deploy.yml/,
    );
  });

  test('per-platform attests the index and each platform manifest', async () => {
    const c = client();
    const amd = await pushTinyImage(c, 'octo-org/multi', { platform: { os: 'linux', architecture: 'amd64' } });
    const arm = await pushTinyImage(c, 'octo-org/multi', { platform: { os: 'linux', architecture: 'arm64' } });
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          { ...amd, platform: { os: 'linux', architecture: 'amd64' } },
          { ...arm, platform: { os: 'linux', architecture: 'arm64' } },
        ],
      }),
    );
    await putManifest(c, 'octo-org/multi', 'latest', index, OCI_INDEX);
    const run = await runAction(
      'attest',
      {
        'subject-name': `${registry.host}/octo-org/multi`,
        'subject-digest': sha256Digest(index),
        'push-to-registry': 'true',
        'per-platform': 'true',
        'github-token': 'job-token',
        ...sigstoreInputs(),
      },
      env,
    );
    expect(run.status).toBe(0);
    expect(run.outputs['bundle-path']!.split('\n')).toHaveLength(3);
    expect(run.outputs['referrer-digest']!.split('\n')).toHaveLength(3);

    // An SBOM attached to the index gets a warning: it usually describes one platform.
    const sbom = join(dir, 'sbom.spdx.json');
    writeFileSync(
      sbom,
      JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'multi', packages: [] }),
    );
    const withSbom = await runAction(
      'attest',
      {
        'subject-name': `${registry.host}/octo-org/multi`,
        'subject-digest': sha256Digest(index),
        'push-to-registry': 'true',
        'sbom-path': sbom,
        'github-token': 'job-token',
        ...sigstoreInputs(),
      },
      env,
    );
    expect(withSbom.status).toBe(0);
    expect(withSbom.stdout).toMatch(
      /::warning::.*is a multi-platform index, and an SBOM usually describes one platform/,
    );
    expect(withSbom.summary).toContain('Attestations (https://spdx.dev/Document/v2.3)');
  });

  test('missing id-token permission is named before anything runs', async () => {
    const { ACTIONS_ID_TOKEN_REQUEST_URL: _u, ACTIONS_ID_TOKEN_REQUEST_TOKEN: _t, ...without } = env;
    const before = sigstore.requests.length;
    const run = await runAction(
      'attest',
      {
        'subject-name': 'x.bin',
        'subject-digest': `sha256:${'a'.repeat(64)}`,
        'github-token': 'job-token',
        ...sigstoreInputs(),
      },
      without,
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/::error::.*add `permissions: id-token: write`/);
    expect(sigstore.requests.slice(before)).toEqual([]);
  });

  test.each([
    [
      'subject-digest',
      { 'subject-name': 'x.bin', 'subject-digest': 'sha256:abc' },
      /input "subject-digest": is not a digest/,
    ],
    [
      'subject-name',
      { 'subject-digest': `sha256:${'a'.repeat(64)}` },
      /input "subject-name": subject-digest needs the name/,
    ],
    ['image-refs', { 'image-refs': 'ghcr.io/octo-org/app:v1' }, /input "image-refs": has no digest/],
    [
      'push-to-registry',
      { 'subject-name': 'x.bin', 'subject-digest': `sha256:${'a'.repeat(64)}`, 'push-to-registry': 'maybe' },
      /input "push-to-registry": is not a boolean/,
    ],
    [
      'per-platform',
      { 'subject-name': 'x.bin', 'subject-digest': `sha256:${'a'.repeat(64)}`, 'per-platform': 'yes' },
      /input "per-platform": is not a boolean/,
    ],
    [
      'sigstore',
      { 'subject-name': 'x.bin', 'subject-digest': `sha256:${'a'.repeat(64)}`, sigstore: 'rekor' },
      /input "sigstore".*Use one of: auto, public-good, github, custom/,
    ],
  ])('a bad %s fails naming it, before the OIDC token is asked for', async (_input, inputs, message) => {
    const before = sigstore.requests.length;
    const run = await runAction('attest', { 'github-token': 'job-token', ...sigstoreInputs(), ...inputs }, env);
    expect(run.status).not.toBe(0);
    expect(run.stdout.match(/::error::/g)).toHaveLength(1);
    expect(run.stdout).toMatch(message);
    expect(sigstore.requests.slice(before)).toEqual([]);
  });

  test('under act (ACT=true, no OIDC token endpoint) the step skips with a notice instead of failing', async () => {
    const { ACTIONS_ID_TOKEN_REQUEST_URL: _u, ACTIONS_ID_TOKEN_REQUEST_TOKEN: _t, ...without } = env;
    const before = sigstore.requests.length;
    const run = await runAction(
      'attest',
      {
        'subject-name': 'x.bin',
        'subject-digest': `sha256:${'a'.repeat(64)}`,
        'github-token': 'job-token',
        ...sigstoreInputs(),
      },
      { ...without, ACT: 'true' },
    );
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('::notice::attest skipped: act provides no OIDC token');
    expect(run.summary).toMatch(/Skipped: act provides no OIDC token/);
    expect(sigstore.requests.slice(before)).toEqual([]);
  });

  test('a token without attestations: write fails with that message', async () => {
    const run = await runAction(
      'attest',
      {
        'subject-name': 'x.bin',
        'subject-digest': `sha256:${'a'.repeat(64)}`,
        'github-token': 'read-token',
        ...sigstoreInputs(),
      },
      env,
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/add `permissions: attestations: write`.*Resource not accessible by integration/);
  });

  test('a predicate over 16 MiB is refused before signing', async () => {
    const big = join(dir, 'big-sbom.json');
    writeFileSync(
      big,
      JSON.stringify({
        spdxVersion: 'SPDX-2.3',
        SPDXID: 'SPDXRef-DOCUMENT',
        files: Array.from({ length: 200_000 }, (_, i) => ({
          fileName: `/f/${i}`,
          SPDXID: `SPDXRef-File-${i}`,
          checksums: [{ algorithm: 'SHA256', checksumValue: 'f'.repeat(64) }],
        })),
      }),
    );
    const before = sigstore.requests.length;
    const run = await runAction(
      'attest',
      {
        'subject-name': 'x.bin',
        'subject-digest': `sha256:${'a'.repeat(64)}`,
        'sbom-path': big,
        'github-token': 'job-token',
        ...sigstoreInputs(),
      },
      env,
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/over the 16 MiB an attestation can hold.*"files"/);
    expect(sigstore.requests.slice(before).filter((r) => r.includes('signingCert'))).toEqual([]);
  });

  test('a CycloneDX SBOM without serialNumber names the file and the field', async () => {
    const sbom = join(dir, 'sbom.cdx.json');
    writeFileSync(sbom, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }));
    const run = await runAction(
      'attest',
      {
        'subject-name': 'x.bin',
        'subject-digest': `sha256:${'a'.repeat(64)}`,
        'sbom-path': sbom,
        'github-token': 'job-token',
        ...sigstoreInputs(),
      },
      env,
    );
    expect(run.stdout).toMatch(
      /::error::input "sbom-path": is a CycloneDX SBOM without "serialNumber" \(value: ".*sbom.cdx.json"\)/,
    );
  });
});
