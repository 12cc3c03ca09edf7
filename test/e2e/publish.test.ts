import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getManifest, imageIndexSchema, listTags, RegistryClient } from '../../packages/core/src/registry/index.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { isolatedBuildahEnv } from '../harness/buildah-storage.ts';
import { NODE24, REPO_ROOT, runAction, runActionAsync } from '../harness/run-action.ts';
import { spawn } from 'node:child_process';
import { assetName, scannerArch } from '../../packages/core/src/scan/index.ts';
import {
  builtScanner,
  packReleaseAsset,
  pinnedVersion,
  startAssetServer,
  type AssetServer,
  type PackedAsset,
} from '../harness/scanners.ts';
import { pushFixtureDb } from '../harness/trivy-db.ts';
import { fixtureFiles } from '../harness/vulnerable-image.ts';
import { CLAIMS, ENV } from '../fixtures/actions-claims.ts';
import { startGitHubApi, type GitHubApi } from '../harness/github-api.ts';
import { startSigstore, type LocalSigstore } from '../harness/sigstore.ts';
import { findCosign, runCosign } from '../harness/cosign.ts';

// The root action as users adopt it: a few inputs, the rest publish's defaults.
let registry: LocalRegistry;
let work: string;
let env: Record<string, string>;
let ctx: string;
const sha = '860c1904a1ce19322e91ac35af1ab07466440c37';
const repository = {
  name: 'Hello-World',
  full_name: 'Octo-Org/Hello-World',
  owner: { login: 'Octo-Org' },
  html_url: 'https://github.com/Octo-Org/Hello-World',
  description: 'Says hello',
  license: { spdx_id: 'MIT' },
  default_branch: 'main',
};

beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-publish-e2e-'));
  env = {
    ...isolatedBuildahEnv(work),
    GITHUB_REPOSITORY: 'Octo-Org/Hello-World',
    GITHUB_SHA: sha,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    SOURCE_DATE_EPOCH: '1719585022',
  };
  ctx = join(work, 'ctx');
  mkdirSync(ctx);
  writeFileSync(join(ctx, 'hello.txt'), 'hello\n');
  writeFileSync(
    join(ctx, 'Dockerfile'),
    'FROM scratch\nARG TARGETARCH\nARG VERSION\n' +
      'COPY hello.txt /hello-$TARGETARCH.txt\nLABEL org.example.version=$VERSION\n',
  );
});

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('publish (root action) with buildah, against the local registry', () => {
  test('a push to main tags and pushes a two-platform image with the default scheme and OCI labels', async () => {
    const image = `${registry.host}/octo-org/hello-world`;
    const run = runAction(
      'publish',
      { engine: 'buildah', context: ctx, images: image, scan: 'false', attest: 'false' },
      env,
      { payload: { ref: 'refs/heads/main', repository } },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);

    const client = new RegistryClient({ registry: registry.host });
    expect((await listTags(client, 'octo-org/hello-world')).sort()).toEqual([
      'latest',
      'main',
      'main-860c190',
      'sha-860c190',
    ]);
    const index = imageIndexSchema.parse(
      JSON.parse(Buffer.from((await getManifest(client, 'octo-org/hello-world', 'latest')).bytes).toString('utf8')),
    );
    expect(index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);

    // One set of outputs for the pipeline: meta's, then build's (image-refs is name@digest).
    expect(run.outputs.version).toBe('main');
    expect(run.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(run.outputs['image-refs']).toBe(`${image}@${run.outputs.digest}`);
    expect(run.outputs.platforms).toBe('linux/amd64,linux/arm64');
    expect(run.outputs.labels).toContain('org.opencontainers.image.source=https://github.com/Octo-Org/Hello-World');
    expect(run.env.DOCKER_METADATA_OUTPUT_VERSION).toBe('main');
    expect(run.summary).toMatch(/# ghcr-kit publish/);
    expect(run.summary).toMatch(/\| build \| pushed `sha256:/);
  });

  test('a pull request builds and pushes nothing, and the summary says so', async () => {
    const image = `${registry.host}/octo-org/pr-only`;
    const run = runAction(
      'publish',
      { engine: 'buildah', context: ctx, images: image, platforms: 'linux/amd64' },
      { ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/9/merge' },
      {
        payload: {
          number: 9,
          pull_request: { number: 9, head: { ref: 'feat/x', sha }, base: { ref: 'main' } },
          repository,
        },
      },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tags).toContain(`${image}:pr-9`);
    expect(run.outputs.digest).toBe('');
    expect(run.summary).toMatch(/\| build \| built, not pushed \|/);
    const client = new RegistryClient({ registry: registry.host });
    expect(await listTags(client, 'octo-org/pr-only')).toEqual([]);
  });

  test('the image name defaults to ghcr.io/<owner>/<repo>, lowercased, and bad input fails before any build', () => {
    const run = runAction('publish', { engine: 'buildah', context: ctx, push: 'false', tags: 'type=nope' }, env, {
      payload: { repository },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::input "tags"/);
    // scan's, attest's and sign's inputs too: refused before meta and build run, so nothing is built.
    for (const [inputs, message] of [
      [{ severity: 'maybe' }, /::error::input "severity": "MAYBE" is not a Trivy severity/],
      [{ 'scan-platforms': 'linux/amd65' }, /::error::input "platforms": "amd65" is not a known architecture/],
      [{ 'no-cache': 'sometimes' }, /::error::input "no-cache": is not a boolean/],
      [{ 'signature-format': 'jws' }, /::error::input "signature-format".*Use one of: bundle, sig-tag/],
      [{ 'push-to-registry': 'maybe' }, /::error::input "push-to-registry": is not a boolean/],
      [{ sigstore: 'custom' }, /::error::input "fulcio-url": sigstore: custom needs a Fulcio URL/],
    ] as const) {
      const bad = runAction('publish', { engine: 'buildah', context: ctx, push: 'false', ...inputs }, env, {
        payload: { repository },
      });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toMatch(message);
      expect(bad.stdout.match(/::error::/g)).toHaveLength(1);
      expect(bad.stdout).not.toMatch(/STEP 1/);
    }
    const dry = runAction(
      'publish',
      { engine: 'buildah', context: ctx, push: 'false', platforms: 'linux/amd64' },
      env,
      { payload: { ref: 'refs/heads/main', repository } },
    );
    expect(dry.summary).toMatch(/\| scan \| skipped: the image was not pushed \|/);
    expect(dry.status, dry.stdout).toBe(0);
    expect(dry.stdout).toMatch(/STEP 1/);
    expect(dry.outputs.tags!.split('\n')).toContain('ghcr.io/octo-org/hello-world:latest');
  });
});

describe('publish without an event payload (a container job): the repository facts come from the API', () => {
  test('a bad input fails before that request; good inputs ask for it (meta, the control)', async () => {
    const api = await startGitHubApi({ tokens: ['ghs_token'] });
    try {
      const noPayload = { ...env, GITHUB_API_URL: api.url };
      const inputs = { engine: 'buildah', context: ctx, push: 'false', 'github-token': 'ghs_token' };
      const bad = await runActionAsync('publish', { ...inputs, severity: 'maybe' }, noPayload);
      expect(bad.status).toBe(1);
      expect(bad.stdout).toMatch(/::error::input "severity"/);
      expect(api.requests).toEqual([]);
      // The same environment does send that request once the inputs are good.
      const meta = await runActionAsync('meta', { images: 'ghcr.io/octo-org/hello-world' }, noPayload);
      expect(meta.status, meta.stdout).toBe(0);
      expect(api.requests.map((r) => r.path.toLowerCase())).toContain('/repos/octo-org/hello-world');
    } finally {
      await api.stop();
    }
  });
});

describe('ghcr-kit run publish: the root action tried locally before a commit is pushed', () => {
  test('the CLI runs the publish bundle with action.yml defaults, prints its outputs; the image lands', async () => {
    const image = `${registry.host}/octo-org/local-try`;
    const cli = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const args = [
        'run',
        'publish',
        '--ref',
        'refs/heads/main',
        '--sha',
        sha,
        '--repo',
        'Octo-Org/Hello-World',
        '--default-branch',
        'main',
        '--input',
        'engine=buildah',
        '--input',
        `context=${ctx}`,
        '--input',
        `images=${image}`,
        '--input',
        'platforms=linux/amd64',
        '--input',
        'scan=false',
        '--input',
        'attest=false',
      ];
      const child = spawn(NODE24, [join(REPO_ROOT, 'dist/cli/index.js'), ...args], {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          CONTAINERS_STORAGE_CONF: env.CONTAINERS_STORAGE_CONF!,
          BUILDAH_ISOLATION: 'chroot',
          SOURCE_DATE_EPOCH: '1719585022',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/== outputs \(publish\)/);
    expect(cli.stdout).toMatch(/^digest: sha256:[a-f0-9]{64}$/m);
    expect(cli.stdout).toMatch(/== summary\n# ghcr-kit publish/);
    const client = new RegistryClient({ registry: registry.host });
    expect((await listTags(client, 'octo-org/local-try')).sort()).toEqual([
      'latest',
      'main',
      'main-860c190',
      'sha-860c190',
    ]);
  });
});

describe('publish runs scan on what it pushed: real Trivy and Syft, fixture DB', () => {
  let server: AssetServer;
  let vulnerable: string;
  const assets = {} as Record<'trivy' | 'syft', PackedAsset & { version: string }>;

  beforeAll(async () => {
    await pushFixtureDb(registry.host, 'fixtures/trivy-db');
    for (const tool of ['trivy', 'syft'] as const) {
      const version = pinnedVersion(tool).replace(/^v/, '');
      assets[tool] = {
        version,
        ...(await packReleaseAsset(
          builtScanner(tool),
          tool,
          assetName(tool, version, scannerArch(process.arch)),
          join(work, 'assets', version),
        )),
      };
    }
    server = await startAssetServer(join(work, 'assets'));
    vulnerable = join(work, 'vulnerable');
    for (const [path, content] of Object.entries(fixtureFiles('linux/amd64'))) {
      mkdirSync(join(vulnerable, path, '..'), { recursive: true });
      writeFileSync(join(vulnerable, path), content);
    }
    writeFileSync(join(vulnerable, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
  });
  afterAll(async () => {
    await server?.stop();
  });

  const publish = (inputs: Record<string, string>) =>
    runActionAsync(
      'publish',
      {
        engine: 'buildah',
        context: vulnerable,
        images: `${registry.host}/octo-org/vulnerable`,
        platforms: 'linux/amd64',
        'trivy-url': server.urlTemplate,
        'trivy-sha256': assets.trivy.sha256,
        'trivy-version': assets.trivy.version,
        'syft-url': server.urlTemplate,
        'syft-sha256': assets.syft.sha256,
        'syft-version': assets.syft.version,
        'db-repository': `${registry.host}/fixtures/trivy-db:2`,
        'upload-sarif': 'false',
        attest: 'false',
        ...inputs,
      },
      { ...env, RUNNER_TOOL_CACHE: join(work, 'toolcache') },
      { payload: { ref: 'refs/heads/main', repository } },
    );

  test('meta → build → scan in one step: the pushed digest is scanned, fail-on none unless set', async () => {
    const run = await publish({});
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(Number(run.outputs.critical) + Number(run.outputs.high)).toBeGreaterThan(0);
    expect(run.outputs['scan-json']!.split('\n')).toHaveLength(1);
    expect(run.outputs.json).toContain('"tags"');
    expect(run.outputs.sbom).toMatch(/\.json$/);
    expect(run.summary).toMatch(/\| scan \| critical \d+, high \d+; passed \|/);
  });

  test('with fail-on set, a failing gate fails the step after every output and the summary are written', async () => {
    const run = await publish({ 'fail-on': 'HIGH' });
    expect(run.status).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(run.outputs.digest).toMatch(/^sha256:/);
    expect(run.summary).toMatch(/gate failed/);
    expect(run.stdout).toMatch(/::error::/);
  });
});

describe('the whole pipeline: meta → build → scan → attest, then an independent verify', () => {
  let api: GitHubApi;
  let sigstore: LocalSigstore;
  let server: AssetServer;
  const assets = {} as Record<'trivy' | 'syft', PackedAsset & { version: string }>;
  const appRepository = {
    name: 'app',
    full_name: 'octo-org/app',
    owner: { login: 'octo-org' },
    html_url: 'https://github.com/octo-org/app',
    default_branch: 'main',
    visibility: 'private',
  };

  beforeAll(async () => {
    [api, sigstore] = await Promise.all([
      startGitHubApi({
        tokens: ['job-token'],
        repositories: { 'octo-org/app': { full_name: 'octo-org/app', visibility: 'private', private: true } },
      }),
      startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
    ]);
    await pushFixtureDb(registry.host, 'fixtures/trivy-db-pipeline');
    for (const tool of ['trivy', 'syft'] as const) {
      const version = pinnedVersion(tool).replace(/^v/, '');
      assets[tool] = {
        version,
        ...(await packReleaseAsset(
          builtScanner(tool),
          tool,
          assetName(tool, version, scannerArch(process.arch)),
          join(work, 'pipeline-assets', version),
        )),
      };
    }
    server = await startAssetServer(join(work, 'pipeline-assets'));
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), sigstore?.stop(), server?.stop()]);
  });

  test('one step publishes, scans and attests; the attestations verify against the pushed digest', async () => {
    const image = `${registry.host}/octo-org/app`;
    // The claims of the job's OIDC token and the runner's variables describe the same run.
    const pipelineEnv = {
      ...env,
      ...ENV,
      GITHUB_API_URL: api.url,
      GITHUB_ACTOR: 'octocat',
      RUNNER_TOOL_CACHE: join(work, 'toolcache'),
      ACTIONS_ID_TOKEN_REQUEST_URL: `${sigstore.tokenUrl}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
    };
    const run = await runActionAsync(
      'publish',
      {
        engine: 'buildah',
        context: ctx,
        images: image,
        platforms: 'linux/amd64',
        'github-token': 'job-token',
        'trivy-url': server.urlTemplate,
        'trivy-sha256': assets.trivy.sha256,
        'trivy-version': assets.trivy.version,
        'syft-url': server.urlTemplate,
        'syft-sha256': assets.syft.sha256,
        'syft-version': assets.syft.version,
        'db-repository': `${registry.host}/fixtures/trivy-db-pipeline:2`,
        'upload-sarif': 'false',
        sigstore: 'custom',
        'fulcio-url': sigstore.url,
        'rekor-url': sigstore.url,
        'tsa-url': sigstore.url,
      },
      pipelineEnv,
      { payload: { ref: 'refs/heads/main', repository: appRepository } },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.summary).toMatch(/\| attest \| provenance and SBOM, signed and pushed \|/);
    expect(run.outputs['attestation-id']!.split('\n')).toEqual(['1', '2']);
    expect(run.outputs['referrer-digest']!.split('\n').length).toBeGreaterThanOrEqual(1);
    expect(api.attestations.map((a) => a.digests)).toEqual([[run.outputs.digest], [run.outputs.digest]]);
    // Signed last, as a bundle referrer of the pushed digest, named in the outputs.
    expect(run.summary).toMatch(/\| sign \| 1 signature\(s\), pushed beside the image \|/);
    expect(run.outputs['signed-digests']).toBe(`${image}@${run.outputs.digest}`);
    expect(run.outputs['signature-refs']).toMatch(new RegExp(`^${image}@sha256:[a-f0-9]{64}$`));

    const rootPath = join(work, 'trusted_root.json');
    writeFileSync(rootPath, JSON.stringify(sigstore.trustedRoot({ tlog: true, tsa: true })));
    const verify = await runActionAsync(
      'attest',
      {
        mode: 'verify',
        'image-ref': `${image}:main`,
        repo: 'octo-org/app',
        'signer-workflow': 'octo-org/app/.github/workflows/release.yml',
        'trusted-root': rootPath,
        'github-token': 'job-token',
      },
      pipelineEnv,
    );
    expect(verify.status, verify.stdout).toBe(0);
    expect(verify.stdout).toContain(
      `verified ${image}@${run.outputs.digest}: 1 attestation(s) and 1 signature(s) satisfy the policy`,
    );

    // The same check from the CLI, as a deployment script would run it.
    const cli = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const child = spawn(
        NODE24,
        [
          join(REPO_ROOT, 'dist/cli/index.js'),
          'verify',
          `${image}:main`,
          '--repo',
          'octo-org/app',
          '--input',
          'repo=octo-org/app',
          '--input',
          'signer-workflow=octo-org/app/.github/workflows/release.yml',
          '--input',
          `trusted-root=${rootPath}`,
          '--input',
          'github-token=job-token',
        ],
        { env: { ...process.env, ...pipelineEnv } },
      );
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
    });
    expect(cli.code, cli.stdout).toBe(0);
    expect(cli.stdout).toContain(`verified ${image}@${run.outputs.digest}`);

    // And what the README tells users to run: the real cosign accepts the published image.
    const cosign = findCosign();
    if (!cosign) throw new Error('cosign v2 not found: run scripts/install-tools.sh cosign');
    const checked = await runCosign(cosign, [
      'verify',
      '--trusted-root',
      rootPath,
      '--certificate-oidc-issuer',
      CLAIMS.iss,
      '--use-signed-timestamps',
      '--certificate-identity',
      'https://github.com/octo-org/app/.github/workflows/release.yml@refs/heads/main',
      '--allow-http-registry',
      '--allow-insecure-registry',
      `${image}@${run.outputs.digest}`,
    ]);
    expect(checked.code, checked.output).toBe(0);
  });

  test('attest without id-token: write fails the step naming the permission it needs, after the push', async () => {
    const run = await runActionAsync(
      'publish',
      {
        engine: 'buildah',
        context: ctx,
        images: `${registry.host}/octo-org/no-oidc`,
        platforms: 'linux/amd64',
        scan: 'false',
      },
      { ...env, ...ENV, GITHUB_API_URL: api.url },
      { payload: { ref: 'refs/heads/main', repository: appRepository } },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::.*id-token: write/);
  });

  test('without id-token: write and attest off, the image is published; the summary says no signing', async () => {
    const before = sigstore.requests.length;
    const run = await runActionAsync(
      'publish',
      {
        engine: 'buildah',
        context: ctx,
        images: `${registry.host}/octo-org/unsigned`,
        platforms: 'linux/amd64',
        scan: 'false',
        attest: 'false',
      },
      { ...env, ...ENV, GITHUB_API_URL: api.url },
      { payload: { ref: 'refs/heads/main', repository: appRepository } },
    );
    expect(run.status, run.stdout).toBe(0);
    expect(run.summary).toMatch(/\| sign \| skipped: the job has no `id-token: write` permission \|/);
    expect(run.outputs['signature-refs'] ?? '').toBe('');
    expect(sigstore.requests.slice(before)).toEqual([]);
  });
});
