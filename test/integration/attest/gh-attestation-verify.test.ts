import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildProvenance,
  buildStatement,
  pushBundleReferrer,
  requestIdToken,
  resolveSigstoreInstance,
  signStatement,
  SLSA_PROVENANCE_V1,
  type SigstoreInstance,
} from '../../../packages/core/src/attest/index.ts';
import { RegistryClient } from '../../../packages/core/src/registry/index.ts';
import { CLAIMS, ENV } from '../../fixtures/actions-claims.ts';
import { dockerConfigFor } from '../../harness/cosign.ts';
import { runGh } from '../../harness/gh.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { startSigstore, type LocalSigstore } from '../../harness/sigstore.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';
import { toolPath } from '../../harness/tools.ts';

// ghcommon's users run `gh attestation verify oci://… --owner <owner>`. The real GitHub CLI
// (built from the Go module proxy by scripts/install-tools.sh gh) verifies our attestations
// offline: the bundle from a file or from the registry, the local Sigstore as its trusted root.
let gh: string;
let registry: LocalRegistry;
let sigstore: LocalSigstore;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  gh = await toolPath('gh');
  [registry, sigstore] = await Promise.all([
    startRegistry({ auth: 'htpasswd' }),
    startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'gh-verify-'));
  // No login and no API: HOME is private, so no user's gh config leaks in.
  env = { HOME: dir, DOCKER_CONFIG: dockerConfigFor(dir, registry) };
});
afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop()]);
});

const client = () =>
  new RegistryClient({
    registry: registry.host,
    credentials: { username: registry.username!, password: registry.password! },
  });

async function attested(repository: string, instance: SigstoreInstance) {
  const image = await pushTinyImage(client(), repository);
  const runEnv = {
    ...ENV,
    ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
  };
  const { token, claims } = await requestIdToken(runEnv);
  const statement = buildStatement(
    [{ name: `${registry.host}/${repository}`, digest: { sha256: image.digest.slice(7) } }],
    buildProvenance(claims, runEnv),
  );
  const bundle = Buffer.from(JSON.stringify(await signStatement(statement, { instance, identityToken: token })));
  await pushBundleReferrer(client(), repository, image.digest, bundle, SLSA_PROVENANCE_V1);
  const bundlePath = join(dir, `${image.digest.slice(7, 19)}.jsonl`);
  writeFileSync(bundlePath, `${bundle.toString('utf8')}\n`);
  return { digest: image.digest, bundlePath };
}

/**
 * gh reads --custom-trusted-root as JSON Lines and only takes a line that ends in a newline
 * (its createCustomVerifiers loops while bufio's ReadBytes('\n') succeeds), so a root written
 * as plain JSON yields no verifier at all: `no custom verifier found for issuer "sigstore.mock"`.
 */
function root(parts: { tlog: boolean; tsa: boolean }, newline = true) {
  const path = join(dir, `root-${parts.tlog}-${parts.tsa}-${newline}.jsonl`);
  writeFileSync(path, `${JSON.stringify(sigstore.trustedRoot(parts))}${newline ? '\n' : ''}`);
  return path;
}

const withLog = () => resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url });
const withTsa = () => resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, tsaUrl: sigstore.url });

describe('gh attestation verify (GitHub CLI 2.83.0), offline', () => {
  // --bundle-from-oci refuses to start without a token ("To get started with GitHub CLI, please
  // run: gh auth login"), though with a custom trusted root it never calls the API; --bundle does not.
  test.each([
    ['--bundle <file>', (bundlePath: string) => ['--bundle', bundlePath], {}],
    ['--bundle-from-oci', () => ['--bundle-from-oci'], { GH_TOKEN: 'never-sent-offline' }],
  ])('accepts our provenance with %s, public-good style (Fulcio + Rekor)', async (_name, from, token) => {
    const { digest, bundlePath } = await attested('octo-org/app', withLog());
    const result = await runGh(
      gh,
      [
        'attestation',
        'verify',
        `oci://${registry.host}/octo-org/app@${digest}`,
        '--owner',
        'octo-org',
        ...from(bundlePath),
        '--custom-trusted-root',
        root({ tlog: true, tsa: false }),
        '--format',
        'json',
      ],
      { ...env, ...token },
    );
    expect(result.code, result.output).toBe(0);
    const [verified] = JSON.parse(result.output) as Array<{
      verificationResult: { statement: { predicateType: string; subject: Array<{ digest: { sha256: string } }> } };
    }>;
    expect(verified!.verificationResult.statement.predicateType).toBe(SLSA_PROVENANCE_V1);
    expect(verified!.verificationResult.statement.subject[0]!.digest.sha256).toBe(digest.slice(7));
  });

  test('accepts it from a GitHub-style instance (Fulcio + timestamp authority, no log)', async () => {
    const { digest, bundlePath } = await attested('octo-org/private', withTsa());
    const result = await runGh(
      gh,
      [
        'attestation',
        'verify',
        `oci://${registry.host}/octo-org/private@${digest}`,
        '--owner',
        'octo-org',
        '--bundle',
        bundlePath,
        '--custom-trusted-root',
        root({ tlog: false, tsa: true }),
        '--format',
        'json',
      ],
      env,
    );
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.output)).toHaveLength(1);
  });

  test('rejects it for another owner, and for another image', async () => {
    const { digest, bundlePath } = await attested('octo-org/app', withLog());
    const args = (ref: string, owner: string) => [
      'attestation',
      'verify',
      ref,
      '--owner',
      owner,
      '--bundle',
      bundlePath,
      '--custom-trusted-root',
      root({ tlog: true, tsa: false }),
    ];
    // gh words every policy failure the same; the one argument changed from the passing run is the cause.
    const owner = await runGh(gh, args(`oci://${registry.host}/octo-org/app@${digest}`, 'evil-org'), env);
    expect(owner.code).not.toBe(0);
    expect(owner.output).toContain('Error: verifying with issuer "sigstore.mock"');
    const other = await pushTinyImage(client(), 'octo-org/app');
    const image = await runGh(gh, args(`oci://${registry.host}/octo-org/app@${other.digest}`, 'octo-org'), env);
    expect(image.code).not.toBe(0);
    expect(image.output).toContain('Error: verifying with issuer "sigstore.mock"');
  });

  test('a trusted root without its final newline is read as no root at all (the message gh gives)', async () => {
    const { digest, bundlePath } = await attested('octo-org/app', withLog());
    const result = await runGh(
      gh,
      [
        'attestation',
        'verify',
        `oci://${registry.host}/octo-org/app@${digest}`,
        '--owner',
        'octo-org',
        '--bundle',
        bundlePath,
        '--custom-trusted-root',
        root({ tlog: true, tsa: false }, false),
      ],
      env,
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('no custom verifier found for issuer "sigstore.mock"');
  });
});
