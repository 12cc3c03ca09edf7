import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  assetName,
  FINGERPRINT_KEY,
  parseTrivyReport,
  SARIF_LIMITS,
  scannerArch,
  type SarifLog,
} from '../../packages/core/src/scan/index.ts';
import { startArtifactService, unzipEntries, type ArtifactService } from '../harness/artifact-service.ts';
import { startGitHubApi, type GitHubApi } from '../harness/github-api.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { runActionAsync, type ActionRun } from '../harness/run-action.ts';
import {
  builtScanner,
  packReleaseAsset,
  pinnedVersion,
  startAssetServer,
  type AssetServer,
  type PackedAsset,
} from '../harness/scanners.ts';
import { pushFixtureDb } from '../harness/trivy-db.ts';
import { sarifSchemaErrors } from '../harness/sarif-schema.ts';
import { pushVulnerableImage, SEEDED } from '../harness/vulnerable-image.ts';

const advisories = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/trivy-db/advisories.json'), 'utf8'),
) as { advisories: Array<{ id: string; package: string; severity: string }> };
const platforms = ['linux/amd64', 'linux/arm64'];
let registry: LocalRegistry;
let server: AssetServer;
let api: GitHubApi;
let work: string;
let image: string;
const assets = {} as Record<'trivy' | 'syft', PackedAsset & { version: string }>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ghcr-kit-e2e-scan-'));
  registry = await startRegistry();
  await pushFixtureDb(registry.host, 'fixtures/trivy-db');
  image = (await pushVulnerableImage(registry.host, 'acme/app', '1.0.0', platforms)).ref;
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
  api = await startGitHubApi({
    tokens: ['ghs_e2eWriteToken1'],
    repositories: { 'acme/app': { full_name: 'acme/app' } },
    codeScanning: {},
    releases: { 'acme/app': [{ tag: 'v1.0.0' }] },
  });
});
afterAll(async () => {
  await api?.stop();
  await server?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function scan(
  inputs: Record<string, string>,
  payload: unknown = { ref: 'refs/heads/main' },
  env: Record<string, string> = {},
) {
  return runActionAsync(
    'scan',
    {
      'image-ref': image,
      'trivy-url': server.urlTemplate,
      'trivy-sha256': assets.trivy.sha256,
      'trivy-version': assets.trivy.version,
      'syft-url': server.urlTemplate,
      'syft-sha256': assets.syft.sha256,
      'syft-version': assets.syft.version,
      // An unreachable repository first: our fallback, not Trivy's, must move on.
      'db-repository': `127.0.0.1:1/nothing/trivy-db:2\n${registry.host}/fixtures/trivy-db:2`,
      'cache-dir': join(work, `trivy-cache-${Math.random().toString(36).slice(2)}`),
      'github-token': 'ghs_e2eWriteToken1',
      ...inputs,
    },
    {
      RUNNER_TOOL_CACHE: join(work, 'toolcache'),
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_ACTOR: 'octocat',
      DOCKER_CONFIG: join(work, 'no-docker-config'),
      ...env,
    },
    { payload },
  );
}

describe('scan: real Trivy and Syft, fixture DB from the local registry, two platforms', () => {
  let first: Awaited<ReturnType<typeof scan>>;
  beforeAll(async () => {
    first = await scan({ 'fail-on': 'HIGH' });
  });

  test('the DB fallback moved past the unreachable repository, naming its failure', () => {
    expect(first.stdout).toMatch(/vulnerability DB: 127\.0\.0\.1:1\/nothing\/trivy-db:2 failed \(attempt 1\): /);
    expect(first.stdout).toContain(`vulnerability DB: downloaded from ${registry.host}/fixtures/trivy-db:2`);
  });

  test('Trivy finds exactly the seeded findings on both platforms', () => {
    const jsons = first.outputs.json!.split('\n');
    expect(jsons).toHaveLength(2);
    for (const path of jsons) {
      const report = parseTrivyReport(readFileSync(path, 'utf8'), path);
      const found = report.Results.flatMap((r) =>
        r.Vulnerabilities.map((v) => [v.VulnerabilityID, v.PkgName, v.Severity]),
      ).sort();
      expect(found).toEqual(advisories.advisories.map((a) => [a.id, a.package, a.severity]).sort());
    }
    expect(first.outputs).toMatchObject({
      critical: '1',
      high: '1',
      medium: '1',
      low: '0',
      unknown: '0',
      passed: 'false',
    });
  });

  test('the gate failed on fail-on: HIGH only after the reports existed and were uploaded', () => {
    expect(first.status).toBe(1);
    expect(first.stdout).toMatch(/::error::gate failed: 2 findings at or over fail-on: HIGH/);
    for (const path of [first.outputs.sarif!, ...first.outputs.json!.split('\n'), ...first.outputs.sbom!.split('\n')])
      expect(existsSync(path)).toBe(true);
    expect(api.sarifUploads).toHaveLength(1);
    expect(first.outputs['sarif-id']).toBe(api.sarifUploads[0]!.id);
  });

  test('the SARIF has one run per platform category, within limits, and is what was uploaded', () => {
    const sarif = JSON.parse(readFileSync(first.outputs.sarif!, 'utf8')) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.map((r) => r.automationDetails.id)).toEqual([
      'trivy/acme/app/linux-amd64/',
      'trivy/acme/app/linux-arm64/',
    ]);
    for (const run of sarif.runs) {
      expect(run.results).toHaveLength(3);
      expect(run.results.length).toBeLessThanOrEqual(SARIF_LIMITS.resultsPerRun);
      for (const r of run.results) {
        expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
        expect(r.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/);
        expect(r.locations.length).toBeGreaterThan(0);
      }
    }
    const uploaded = JSON.parse(
      gunzipSync(Buffer.from(api.sarifUploads[0]!.body.sarif, 'base64')).toString(),
    ) as SarifLog;
    expect(uploaded).toEqual(sarif);
    // Issue 16 §4: what is written and uploaded is SARIF 2.1.0 by its JSON schema.
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarifSchemaErrors(uploaded)).toEqual([]);
    // One poll after the product's first delay (5 s): the simulator completes at once.
    expect(api.sarifUploads[0]!.polls).toBe(1);
  });

  test("Syft's SPDX and CycloneDX list the seeded packages, per platform", () => {
    const names = [...SEEDED.os, ...SEEDED.npm].map((p) => `${p.name}@${p.version}`).sort();
    for (const path of first.outputs.sbom!.split('\n')) {
      const spdx = JSON.parse(readFileSync(path, 'utf8')) as {
        spdxVersion: string;
        packages: Array<{ name: string; versionInfo?: string }>;
      };
      expect(spdx.spdxVersion).toMatch(/^SPDX-2\./);
      expect(names.every((n) => spdx.packages.some((p) => `${p.name}@${p.versionInfo}` === n))).toBe(true);
    }
    for (const path of first.outputs['sbom-cyclonedx']!.split('\n')) {
      const cdx = JSON.parse(readFileSync(path, 'utf8')) as {
        bomFormat: string;
        components: Array<{ name: string; version?: string }>;
      };
      expect(cdx.bomFormat).toBe('CycloneDX');
      expect(names.every((n) => cdx.components.some((c) => `${c.name}@${c.version}` === n))).toBe(true);
    }
  });

  test('versions and hashes of the scanners are in the outputs and the summary', () => {
    expect(first.outputs).toMatchObject({
      'trivy-version': assets.trivy.version,
      'trivy-sha256': assets.trivy.sha256,
      'syft-sha256': assets.syft.sha256,
    });
    expect(first.summary).toContain(
      `| trivy | ${assets.trivy.version} | \`${assets.trivy.sha256}\` | trivy-sha256 input |`,
    );
    expect(first.summary).toMatch(/\| 127\.0\.0\.1:\d+\/acme\/app:1\.0\.0 \| linux\/arm64 \| 1 \| 1 \| 1 \| 0 \| 0 \|/);
  });

  test('a fork pull request skips the upload with a notice and still gates; scanners come from the cache', async () => {
    const uploads = api.sarifUploads.length;
    const downloads = server.requests.length;
    const fork = {
      pull_request: {
        number: 7,
        head: { repo: { full_name: 'someone/app' } },
        base: { repo: { full_name: 'acme/app' } },
      },
    };
    const run = await scan({ 'fail-on': 'CRITICAL' }, fork, { GITHUB_EVENT_NAME: 'pull_request' });
    expect(run.stdout).toMatch(
      /::notice::SARIF upload skipped: pull request from a fork \(someone\/app\) gets a read-only token/,
    );
    expect(api.sarifUploads.length).toBe(uploads);
    expect(run.status).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(server.requests.length).toBe(downloads);
  });

  test('fail-on unset and exit-code unset: none, passed', async () => {
    const run = await scan({ 'upload-sarif': 'false' });
    expect(run.status).toBe(0);
    expect(run.outputs.passed).toBe('true');
  });

  test('without an artifact service the reports stay local, the log and summary say so, the step passes', async () => {
    const run = await scan({ 'upload-sarif': 'false' });
    expect(run.status).toBe(0);
    expect(run.outputs['artifact-id']).toBe('');
    expect(run.stdout).toMatch(
      new RegExp(
        '::notice::Reports artifact not uploaded: the runner provides no artifact service here ' +
          '\\(ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL unset\\)',
      ),
    );
    expect(run.summary).toContain(
      'Reports artifact (SBOMs and SARIF): not uploaded: the runner provides no artifact service here',
    );
  });
});

describe('scan: the SBOMs and the SARIF as one workflow artifact, through the artifact service simulator', () => {
  let service: ArtifactService;
  let run: Awaited<ReturnType<typeof scan>>;
  beforeAll(async () => {
    service = await startArtifactService();
    // fail-on HIGH: the gate fails, and the artifact must exist all the same.
    run = await scan({ 'fail-on': 'HIGH', 'upload-sarif': 'false' }, undefined, {
      ...service.env,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'scan',
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  test('one artifact, sbom-<repository>, finalized; its id is the artifact-id output and is in the summary', () => {
    expect(run.status).toBe(1);
    expect(service.artifacts).toHaveLength(1);
    const [artifact] = service.artifacts;
    expect(artifact).toMatchObject({ name: 'sbom-acme-app', finalized: true });
    expect(run.outputs['artifact-id']).toBe(String(artifact!.id));
    expect(run.summary).toContain(`Reports artifact (SBOMs and SARIF): uploaded as sbom-acme-app (id ${artifact!.id},`);
  });

  test("the zip holds both platforms' SPDX and CycloneDX SBOMs and the SARIF, byte for byte", () => {
    const entries = unzipEntries(service.artifacts[0]!.blob);
    const expected = [
      ...run.outputs.sbom!.split('\n'),
      ...run.outputs['sbom-cyclonedx']!.split('\n'),
      run.outputs.sarif!,
    ];
    expect(expected).toHaveLength(5);
    expect([...entries.keys()].sort()).toEqual(expected.map((path) => basename(path)).sort());
    for (const path of expected) expect(entries.get(basename(path))!.equals(readFileSync(path))).toBe(true);
  });

  test('upload-artifact: false leaves the service alone', async () => {
    const off = await scan({ 'upload-sarif': 'false', 'upload-artifact': 'false' }, undefined, service.env);
    expect(off.status).toBe(0);
    expect(service.artifacts).toHaveLength(1);
    expect(off.outputs['artifact-id']).toBe('');
    expect(off.summary).toContain('Reports artifact (SBOMs and SARIF): not requested (upload-artifact: false)');
  });
});

describe('scan: every input is checked before anything is downloaded or asked', () => {
  test.each([
    ['severity', { severity: 'maybe' }, 'input "severity": "MAYBE" is not a Trivy severity (value: "maybe")'],
    ['image-ref', { 'image-ref': 'ghcr.io/acme/app:1.0 x' }, 'input "image-ref": an image name cannot contain spaces'],
    ['upload-sarif', { 'upload-sarif': 'yes' }, 'input "upload-sarif": is not a boolean (value: "yes")'],
  ])('%s: one error naming it, no scanner download, no API request', async (_name, inputs, message) => {
    const [downloads, requests] = [server.requests.length, api.requests.length];
    const run = await scan(inputs);
    expect(run.status).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([expect.stringContaining(`::error::${message}`)]);
    expect(server.requests.length).toBe(downloads);
    expect(api.requests.length).toBe(requests);
  });

  test('format: sarif writes the same schema-valid SARIF to output', async () => {
    const output = join(work, 'user.sarif');
    const run = await scan({ 'upload-sarif': 'false', 'upload-artifact': 'false', format: 'sarif', output });
    expect(run.status).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(readFileSync(run.outputs.sarif!, 'utf8'));
    expect(sarifSchemaErrors(JSON.parse(readFileSync(output, 'utf8')))).toEqual([]);
  });
});

describe('scan: release-assets attaches the SBOMs and the SARIF to the release of the tag', () => {
  const release = { release: { tag_name: 'v1.0.0', draft: false, prerelease: false }, ref: 'refs/tags/v1.0.0' };
  const onRelease = { GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v1.0.0' };
  const inputs = { 'release-assets': 'true', 'upload-sarif': 'false', 'upload-artifact': 'false' };
  const assetsOf = (tag: string) => api.releases.find((r) => r.tag === tag)!.assets;
  const reports = (run: ActionRun) => [
    ...run.outputs.sbom!.split('\n'),
    ...run.outputs['sbom-cyclonedx']!.split('\n'),
    run.outputs.sarif!,
  ];
  const expectAssetsAre = (run: ActionRun) => {
    const assets = assetsOf('v1.0.0');
    expect(assets.map((a) => a.name).sort()).toEqual(
      reports(run)
        .map((p) => basename(p))
        .sort(),
    );
    for (const path of reports(run)) {
      expect(assets.find((a) => a.name === basename(path))!.bytes.equals(readFileSync(path)), path).toBe(true);
    }
  };
  let first: ActionRun;
  beforeAll(async () => {
    first = await scan(inputs, release, onRelease);
  });

  test("both platforms' SPDX and CycloneDX SBOMs and the SARIF are assets of v1.0.0, byte for byte", () => {
    expect(first.status).toBe(0);
    expectAssetsAre(first);
    expect(first.outputs['release-assets']!.split('\n').sort()).toEqual(
      assetsOf('v1.0.0')
        .map((a) => a.name)
        .sort(),
    );
    const sarif = assetsOf('v1.0.0').find((a) => a.name.endsWith('.sarif'))!;
    expect(sarifSchemaErrors(JSON.parse(sarif.bytes.toString()))).toEqual([]);
    expect(first.summary).toContain('Release assets (SBOMs and SARIF): attached to release v1.0.0: ');
  });

  test('a re-run replaces every asset of the same name instead of failing on it', async () => {
    const again = await scan(inputs, release, onRelease);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Release assets attached to release v1\.0\.0: .* \(5 replaced\)/);
    expect(assetsOf('v1.0.0')).toHaveLength(5);
    expectAssetsAre(again);
  });

  test('a version tag with no release: a notice, and the step succeeds', async () => {
    const push = { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v9.9.9' };
    const run = await scan(inputs, { ref: 'refs/tags/v9.9.9' }, push);
    expect(run.status).toBe(0);
    const notice = '::notice::Release assets not uploaded: acme/app has no published release for tag v9.9.9';
    expect(run.stdout).toContain(notice);
    expect(run.outputs['release-assets']).toBe('');
  });

  test('a branch push: skipped with a notice, no release asked for', async () => {
    const asked = api.requests.filter((r) => r.path.includes('/releases/')).length;
    const run = await scan(inputs);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      '::notice::Release assets skipped: a push run on refs/heads/main is not a release or a version tag push',
    );
    expect(api.requests.filter((r) => r.path.includes('/releases/')).length).toBe(asked);
  });
});
