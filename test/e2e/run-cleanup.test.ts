import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { headManifest, listTags, RegistryClient } from '../../packages/core/src/registry/index.ts';
import { startGhcrSimulator, type GhcrSimulator } from '../harness/ghcr-simulator.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { NODE24, REPO_ROOT } from '../harness/run-action.ts';
import { pushMultiArch } from '../harness/multi-arch-image.ts';

// `ghcr-kit run cleanup` as a user tries a retention policy from a terminal: the CLI bundle
// runs the cleanup bundle with action.yml's defaults, against the GHCR simulator (Packages API
// and OCI endpoints) in front of a real registry, and the registry is read afterwards.
const CLI = join(REPO_ROOT, 'dist/cli/index.js');
const DAY = 86_400_000;
let registry: LocalRegistry;
let sim: GhcrSimulator;

beforeAll(async () => {
  registry = await startRegistry();
  sim = await startGhcrSimulator({
    tokens: { admin: { login: 'octocat', canDelete: true } },
    owners: { acme: 'Organization' },
    upstream: registry.host,
  });
});
afterAll(async () => {
  await sim?.stop();
  await registry?.stop();
});

/** The CLI, spawned asynchronously so the simulator in this process keeps answering. */
function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE24, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_API_URL: sim.url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('ghcr-kit run cleanup deletes old previews and untagged images whole; kept images stay complete', async () => {
  const oci = new RegistryClient({ registry: sim.host });
  const repository = 'acme/app';
  const latest = await pushMultiArch(oci, repository, 'latest');
  const oldPreview = await pushMultiArch(oci, repository, 'pr-7');
  const newPreview = await pushMultiArch(oci, repository, 'pr-8');
  const loose = await pushMultiArch(oci, repository, undefined);
  for (const digest of [...oldPreview.children, oldPreview.index]) {
    const version = sim.versions('acme', 'app').find((v) => v.digest === digest)!;
    version.createdAt = version.updatedAt = new Date(Date.now() - 30 * DAY).toISOString();
  }
  const policy =
    "protect-tags: [latest]\nrules: [{ name: previews, tags: ['pr-*'], older-than: 7 days }]\nuntagged: delete";

  const run = await runCli(
    [
      'run',
      'cleanup',
      '--repo',
      'acme/app',
      '--input',
      'token=admin',
      '--input',
      'owner=acme',
      '--input',
      'packages=app',
      '--input',
      `registry=${sim.host}`,
      '--input',
      `policy=${policy}`,
    ],
    mkdtempSync(join(tmpdir(), 'run-cleanup-')),
  );
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toContain('== outputs (cleanup)');
  const deletedLine = run.stdout.match(/^deleted: (\[.*\])$/m)?.[1];
  const gone = [...oldPreview.children, oldPreview.index, ...loose.children, loose.index];
  expect((JSON.parse(deletedLine ?? '[]') as { digest: string }[]).map((d) => d.digest).sort()).toEqual(
    [...gone].sort(),
  );

  // The registry itself, not the simulator's bookkeeping.
  const check = new RegistryClient({ registry: registry.host });
  expect((await listTags(check, repository)).sort()).toEqual(['latest', 'pr-8']);
  for (const digest of [latest.index, ...latest.children, newPreview.index, ...newPreview.children])
    expect(await headManifest(check, repository, digest), digest).toBeDefined();
  for (const digest of gone) expect(await headManifest(check, repository, digest), digest).toBeUndefined();
  expect(
    sim
      .versions('acme', 'app')
      .map((v) => v.digest)
      .sort(),
  ).toEqual([latest.index, ...latest.children, newPreview.index, ...newPreview.children].sort());
});
