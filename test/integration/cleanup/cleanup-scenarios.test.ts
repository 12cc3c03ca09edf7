import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { runCleanup, type CleanupSettings } from '../../../packages/core/src/cleanup/index.ts';
import { RegistryClient } from '../../../packages/core/src/registry/index.ts';
import type { Policy } from '../../../packages/core/src/retention/index.ts';
import { backdate, cleanupDeps, policyFrom } from '../../harness/cleanup-deps.ts';
import { startGhcrSimulator, type SimulatedRun, type GhcrSimulator } from '../../harness/ghcr-simulator.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { NODE24, readEnvFile, REPO_ROOT } from '../../harness/run-action.ts';
import { pushMultiArch } from '../../harness/multi-arch-image.ts';
import { startArtifactService, unzipEntries } from '../../harness/artifact-service.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

/**
 * The cleanup against the GHCR simulator in front of a real registry: images pushed through
 * the simulator become package versions, deletions remove them from the registry, and the
 * checks after applying read the registry itself.
 */
let registry: LocalRegistry;
let sim: GhcrSimulator;
let pkgCounter = 0;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});
afterEach(async () => {
  await sim?.stop();
});

async function setup(owner: 'acme' | 'octocat' = 'acme', workflowRuns: SimulatedRun[] = []) {
  sim = await startGhcrSimulator({
    tokens: {
      admin: { login: 'octocat', canDelete: true },
      reader: { login: 'octocat' },
      lister: { login: 'octocat', canDelete: true, canListPackages: true },
    },
    owners: { acme: 'Organization', octocat: 'User' },
    upstream: registry.host,
    workflowRuns,
  });
  const name = `app${pkgCounter++}`;
  const oci = new RegistryClient({ registry: sim.host });
  const repository = `${owner}/${name}`;
  return { owner, name, oci, repository };
}

const age = (owner: string, name: string, digest: string, days: number) => backdate(sim, owner, name, digest, days);

const deps = (token = 'admin') => cleanupDeps(sim, token);

const policy = (yaml: string) => policyFrom(yaml);

const settings = (owner: string, name: string, p: Policy, extra: Partial<CleanupSettings> = {}): CleanupSettings => ({
  registry: sim.host,
  owner,
  packages: [name],
  policy: p,
  dryRun: false,
  ...extra,
});

test('old previews go with their platform images and attestations; kept images stay complete', async () => {
  const { owner, name, oci, repository } = await setup();
  const latest = await pushMultiArch(oci, repository, 'latest');
  const preview = await pushMultiArch(oci, repository, 'pr-1');
  const signature = await pushTinyImage(oci, repository, {
    tag: `${preview.index.replace(':', '-')}.sig`,
    artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
  });
  for (const digest of [...preview.children, preview.index, signature.digest]) age(owner, name, digest, 30);

  const result = await runCleanup(
    settings(
      owner,
      name,
      policy(
        "protect-tags: [latest]\nrules: [{ name: previews, tags: ['pr-*'], older-than: 7 days }]\nuntagged: delete",
      ),
    ),
    deps(),
  );
  expect(result.broken).toEqual([]);
  expect(result.deleted.map((d) => d.digest).sort()).toEqual(
    [...preview.children, preview.index, signature.digest].sort(),
  );
  expect(
    sim
      .versions(owner, name)
      .map((v) => v.digest)
      .sort(),
  ).toEqual([latest.index, ...latest.children].sort());
  expect(result.freedBytes).toBeGreaterThan(0);
  // The registry itself: the kept image and its children resolve, the deleted ones do not.
  const check = new RegistryClient({ registry: registry.host });
  const { headManifest } = await import('../../../packages/core/src/registry/index.ts');
  for (const digest of latest.children) expect(await headManifest(check, repository, digest)).toBeDefined();
  expect(await headManifest(check, repository, preview.index)).toBeUndefined();
});

test('dry run deletes nothing; the saved plan applies exactly, and restore-from undoes it', async () => {
  const { owner, name, oci, repository } = await setup('octocat');
  await pushMultiArch(oci, repository, 'latest');
  const loose = await pushMultiArch(oci, repository, undefined);
  for (const digest of [...loose.children, loose.index]) age(owner, name, digest, 3);
  const p = policy("untagged: '1 day'");

  const dry = await runCleanup(settings(owner, name, p, { dryRun: true }), deps());
  expect(dry.deleted).toEqual([]);
  expect(sim.versions(owner, name)).toHaveLength(10);
  expect(dry.file.packages[0]!.plan.totals.deleted).toBe(5);
  expect(dry.file.packages[0]!.ownerKind).toBe('user');

  const applied = await runCleanup(settings(owner, name, p, { planFile: dry.file }), deps());
  expect(applied.deleted).toHaveLength(5);
  expect(sim.versions(owner, name)).toHaveLength(5);

  const { restorePlan } = await import('../../../packages/core/src/cleanup/index.ts');
  const restored = await restorePlan(dry.file, deps().packagesClient);
  expect(restored.restored).toHaveLength(5);
  expect(sim.versions(owner, name)).toHaveLength(10);
});

test('a saved plan is refused when the package changed since', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  const old = await pushMultiArch(oci, repository, 'pr-1');
  for (const digest of [...old.children, old.index]) age(owner, name, digest, 30);
  const p = policy("rules: [{ name: previews, tags: ['pr-*'], older-than: 7 days }]\nprotect-tags: [latest]");
  const dry = await runCleanup(settings(owner, name, p, { dryRun: true }), deps());
  // Someone re-tags the old image as a release after the dry run.
  sim.addVersion(owner, name, { digest: old.index, tags: ['v1.0.0'] });
  await expect(runCleanup(settings(owner, name, p, { planFile: dry.file }), deps())).rejects.toThrow(
    /no longer matches/,
  );
  expect(sim.versions(owner, name)).toHaveLength(10);
});

test('a token without admin access stops before anything is deleted, naming the fix', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  await pushMultiArch(oci, repository, undefined);
  await expect(runCleanup(settings(owner, name, policy('untagged: delete')), deps('reader'))).rejects.toThrow(
    /Manage Actions access/,
  );
  expect(sim.versions(owner, name)).toHaveLength(10);
});

test('the bundled action on the simulator: dry run, outputs, summary, the plan as a workflow artifact', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  await pushMultiArch(oci, repository, undefined);
  const artifacts = await startArtifactService();
  try {
    const run = await runCleanupBundle(
      { token: 'admin', owner, packages: name, registry: sim.host, 'delete-untagged': 'true', 'dry-run': 'true' },
      artifacts.env,
    );
    expect(run.status, run.stdout).toBe(0);
    expect(JSON.parse(run.outputs.deleted!)).toEqual([]);
    const plan = JSON.parse(readFileSync(run.outputs.plan!, 'utf8'));
    expect(plan.packages[0].plan.totals.deleted).toBe(5);
    expect(run.summary).toContain('dry run');
    // The plan a reviewer downloads is the plan the run wrote.
    expect(artifacts.artifacts.map((a) => [a.name, a.finalized])).toEqual([[`cleanup-plan-${owner}`, true]]);
    expect(run.outputs['plan-artifact-id']).toBe(String(artifacts.artifacts[0]!.id));
    expect(unzipEntries(artifacts.artifacts[0]!.blob).get('ghcr-kit-cleanup-plan.json')!.toString('utf8')).toBe(
      readFileSync(run.outputs.plan!, 'utf8'),
    );
  } finally {
    await artifacts.stop();
  }
});

test('without the artifact service of a runner the plan stays on disk and the run still succeeds', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  const run = await runCleanupBundle({
    token: 'admin',
    owner,
    packages: name,
    registry: sim.host,
    'delete-untagged': 'true',
    'dry-run': 'true',
  });
  expect(run.status, run.stdout).toBe(0);
  expect(run.outputs['plan-artifact-id']).toBe('');
  expect(run.summary).toMatch(/Plan artifact: not uploaded: the runner provides no artifact service here/);
});

/** The bundle as a runner runs it, asynchronously so the simulator in this process keeps answering. */
async function runCleanupBundle(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<{ status: number; stdout: string; outputs: Record<string, string>; summary: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cleanup-action-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_ENV: join(dir, 'env'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    RUNNER_TEMP: dir,
    ...files,
    GITHUB_API_URL: sim.url,
    ...extraEnv,
  };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
  let stdout = '';
  const status = await new Promise<number>((resolve) => {
    const child = spawn(NODE24, [join(REPO_ROOT, 'dist/cleanup/index.js')], {
      env,
      cwd: dir,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code) => resolve(code ?? -1));
  });
  return {
    status,
    stdout,
    outputs: readEnvFile(files.GITHUB_OUTPUT),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

test('a wildcard in packages is expanded with a token that can list packages', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  await pushMultiArch(oci, repository, undefined);
  const run = await runCleanupBundle({
    token: 'lister',
    owner,
    packages: `${name.slice(0, 2)}*`,
    registry: sim.host,
    'delete-untagged': 'true',
    'dry-run': 'true',
  });
  expect(run.status, run.stdout).toBe(0);
  expect(run.stdout).toContain(`matched ${name}`);
  const plan = JSON.parse(readFileSync(run.outputs.plan!, 'utf8'));
  expect(plan.packages.map((p: { name: string }) => p.name)).toEqual([name]);
});

test('a wildcard with a token that cannot list packages (GITHUB_TOKEN) fails, naming the token it needs', async () => {
  const { owner, name } = await setup();
  const run = await runCleanupBundle({
    token: 'admin',
    owner,
    packages: `${name.slice(0, 2)}*`,
    registry: sim.host,
    'delete-untagged': 'true',
  });
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(
    /::error::.*answered 403 \(Resource not accessible by integration\).*a GITHUB_TOKEN cannot.*read:packages/,
  );
  expect(sim.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
});

test('a second run of the workflow refuses while an older one is still cleaning up, deleting nothing', async () => {
  const runs: SimulatedRun[] = [
    { id: 900, workflowId: 7, status: 'in_progress', createdAt: '2026-11-26T06:00:00Z' },
    { id: 901, workflowId: 7, status: 'in_progress', createdAt: '2026-11-26T06:00:30Z' },
  ];
  const { owner, name, oci, repository } = await setup('acme', runs);
  await pushMultiArch(oci, repository, 'latest');
  await pushMultiArch(oci, repository, undefined);
  const inputs = { token: 'admin', owner, packages: name, registry: sim.host, 'delete-untagged': 'true' };
  const younger = await runCleanupBundle(inputs, { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '901' });
  expect(younger.status).toBe(1);
  const stillCleaning = '::error::another run of this workflow is still cleaning up ';
  const olderRun = String.raw`\(https://github\.com/acme/app/actions/runs/900\)`;
  expect(younger.stdout).toMatch(new RegExp(`${stillCleaning}${olderRun}; nothing was deleted.*concurrency`));
  expect(sim.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  // The older run itself goes ahead.
  const older = await runCleanupBundle(inputs, { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '900' });
  expect(older.status, older.stdout).toBe(0);
  expect(sim.requests.filter((r) => r.method === 'DELETE').length).toBeGreaterThan(0);
});

test('an index whose DELETE keeps failing keeps its children: the image stays whole, the run says why', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  const loose = await pushMultiArch(oci, repository, undefined);
  const index = sim.versions(owner, name).find((v) => v.digest === loose.index)!;
  sim.injectFault({ method: 'DELETE', path: new RegExp(`/versions/${index.id}$`), status: 500, times: 10 });
  const result = await runCleanup(settings(owner, name, policy('untagged: delete')), deps());
  expect(result.deleted).toEqual([]);
  expect(result.broken).toEqual([]);
  expect(sim.versions(owner, name).map((v) => v.digest)).toEqual(
    expect.arrayContaining([loose.index, ...loose.children]),
  );
  expect(
    result.notes.filter((note) => note.includes(`${loose.index}, which reaches it, was not deleted`)),
  ).toHaveLength(4);
});

test('the bundled action applies a saved plan, and restore-from puts every deleted version back', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  const loose = await pushMultiArch(oci, repository, undefined);
  const inputs = {
    token: 'admin',
    owner,
    packages: name,
    registry: sim.host,
    'delete-untagged': 'true',
    'upload-artifact': 'false',
  };
  const dry = await runCleanupBundle({ ...inputs, 'dry-run': 'true' });
  expect(dry.status, dry.stdout).toBe(0);
  expect(sim.versions(owner, name)).toHaveLength(10);
  const applied = await runCleanupBundle({ ...inputs, 'plan-file': dry.outputs.plan! });
  expect(applied.status, applied.stdout).toBe(0);
  expect((JSON.parse(applied.outputs.deleted!) as { digest: string }[]).map((d) => d.digest).sort()).toEqual(
    [loose.index, ...loose.children].sort(),
  );
  const restored = await runCleanupBundle({ ...inputs, 'restore-from': dry.outputs.plan! });
  expect(restored.status, restored.stdout).toBe(0);
  expect(JSON.parse(restored.outputs.restored!)).toHaveLength(5);
  expect(sim.versions(owner, name)).toHaveLength(10);
  const { headManifest } = await import('../../../packages/core/src/registry/index.ts');
  const check = new RegistryClient({ registry: registry.host });
  for (const digest of [loose.index, ...loose.children])
    expect(await headManifest(check, repository, digest), digest).toBeDefined();
});

test('from dataaxiom: keep-n-tagged 10, exclude-tags latest,main,develop keeps 10 images besides those 3', async () => {
  const { owner, name, oci, repository } = await setup();
  const excluded = [];
  for (const tag of ['latest', 'main', 'develop']) excluded.push(await pushMultiArch(oci, repository, tag));
  const others = [];
  for (let i = 0; i < 13; i++) others.push(await pushMultiArch(oci, repository, i % 2 ? `pr-${90 + i}` : `0.7.${i}`));
  // Oldest first: the excluded images are the oldest, so counting them inside N would cost three others.
  [...excluded, ...others].forEach((image, i) => {
    for (const digest of [image.index, ...image.children]) age(owner, name, digest, 100 - i);
  });
  const run = await runCleanupBundle({
    token: 'admin',
    owner,
    packages: name,
    registry: sim.host,
    'keep-n-tagged': '10',
    'exclude-tags': 'latest,main,develop',
    'upload-artifact': 'false',
  });
  expect(run.status, run.stdout).toBe(0);
  const check = new RegistryClient({ registry: registry.host });
  const { listTags } = await import('../../../packages/core/src/registry/index.ts');
  const expected = [
    'latest',
    'main',
    'develop',
    ...others.slice(3).map((_, i) => ((i + 3) % 2 ? `pr-${93 + i}` : `0.7.${i + 3}`)),
  ];
  expect((await listTags(check, repository)).sort()).toEqual(expected.sort());
  expect(JSON.parse(run.outputs.deleted!)).toHaveLength(3 * 5);
});

test('a policy that as written deletes nothing warns and says why', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  const old = await pushMultiArch(oci, repository, 'pr-1');
  for (const digest of [old.index, ...old.children]) age(owner, name, digest, 300);
  const run = await runCleanupBundle({
    token: 'admin',
    owner,
    packages: name,
    registry: sim.host,
    policy: "rules: [{ name: previews, tags: ['pr-*'], keep: forever }]",
    'upload-artifact': 'false',
  });
  expect(run.status, run.stdout).toBe(0);
  expect(run.stdout).toMatch(
    /::warning::.*as written it deletes nothing: no rule has older-than, and untagged images are kept/,
  );
  expect(run.summary).toContain('as written it deletes nothing');
});

test('an index someone deleted between listing and deleting does not hold back its children', async () => {
  const { owner, name, oci, repository } = await setup();
  await pushMultiArch(oci, repository, 'latest');
  const loose = await pushMultiArch(oci, repository, undefined);
  const index = sim.versions(owner, name).find((v) => v.digest === loose.index)!;
  sim.injectFault({
    method: 'DELETE',
    path: new RegExp(`/versions/${index.id}$`),
    status: 404,
    times: 1,
    message: 'Not Found',
  });
  const result = await runCleanup(settings(owner, name, policy('untagged: delete')), deps());
  expect(result.deleted.map((d) => d.digest).sort()).toEqual([...loose.children].sort());
  expect(result.notes).toContainEqual(expect.stringMatching(new RegExp(`version ${index.id} .* is already gone`)));
});
