import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCleanup } from '../../packages/core/src/cleanup/index.ts';
import { RegistryClient } from '../../packages/core/src/registry/index.ts';
import { parsePolicyYaml } from '../../packages/core/src/retention/index.ts';
import { cleanupDeps } from '../harness/cleanup-deps.ts';
import { startGhcrSimulator, type GhcrSimulator } from '../harness/ghcr-simulator.ts';
import { pushMultiArch } from '../harness/multi-arch-image.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { NODE24, REPO_ROOT } from '../harness/run-action.ts';

// `ghcr-kit retention` as a user previews a policy from a terminal: the CLI bundle against the
// GHCR simulator in front of a real registry, live (read-only, with a token) and from a plan
// file a dry run saved.
const CLI = join(REPO_ROOT, 'dist/cli/index.js');
const DAY = 86_400_000;
const POLICY = 'protect-tags: [latest]\nkeep-n-tagged: 1\n';
let registry: LocalRegistry;
let sim: GhcrSimulator;
let dir: string;
let images: Record<string, { index: string; children: string[] }>;

beforeAll(async () => {
  registry = await startRegistry();
  sim = await startGhcrSimulator({
    tokens: { reader: { login: 'octocat' }, admin: { login: 'octocat', canDelete: true } },
    owners: { acme: 'Organization' },
    upstream: registry.host,
  });
  const oci = new RegistryClient({ registry: sim.host });
  images = {};
  for (const [tag, days] of [
    ['latest', 30],
    ['pr-1', 20],
    ['pr-2', 10],
    ['pr-3', 1],
  ] as const) {
    images[tag] = await pushMultiArch(oci, 'acme/app', tag);
    for (const digest of [images[tag]!.index, ...images[tag]!.children]) {
      const version = sim.versions('acme', 'app').find((v) => v.digest === digest)!;
      version.createdAt = version.updatedAt = new Date(Date.now() - days * DAY).toISOString();
    }
  }
  dir = mkdtempSync(join(tmpdir(), 'cli-retention-'));
  writeFileSync(join(dir, 'retention.yml'), POLICY);
});
afterAll(async () => {
  await sim?.stop();
  await registry?.stop();
});

function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE24, [CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_API_URL: sim.url, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const live = () => ['retention', '--input', 'owner=acme', '--input', 'packages=app', '--input', `registry=${sim.host}`];
const row = (stdout: string, tag: string) => stdout.split('\n').find((line) => line.split(/\s{2,}/)[2] === tag) ?? '';

test('live, with a read-only token: every version with keep or delete and the reason; nothing is deleted', async () => {
  const args = [...live(), '--input', 'policy-file=retention.yml'];
  const before = sim.versions('acme', 'app').length;
  const run = await runCli(args, { GITHUB_TOKEN: 'reader' });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('acme/app: keep 10, delete 10');
  expect(row(run.stdout, 'latest')).toMatch(/keep\s+tag latest is protected/);
  expect(row(run.stdout, 'pr-3')).toMatch(/keep\s+.*one of the 1 newest tagged images/);
  expect(row(run.stdout, 'pr-2')).toMatch(/delete\s+tag pr-2: not one of the 1 newest/);
  expect(row(run.stdout, 'pr-1')).toMatch(
    /delete\s+tag pr-1: not one of the 1 newest tagged images \(keep-n-tagged: 1\)/,
  );
  expect(run.stdout.split('\n').filter((line) => /^\d+\s.*\sdelete\s/.test(line))).toHaveLength(10);
  expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(sim.versions('acme', 'app')).toHaveLength(before);
});

test("the same planner as the action: the table shows what the action's dry run plans", async () => {
  const policy = parsePolicyYaml(POLICY);
  if (!policy.ok) throw new Error('policy');
  const deps = cleanupDeps(sim);
  const dry = await runCleanup(
    { registry: sim.host, owner: 'acme', packages: ['app'], policy: policy.policy, dryRun: true },
    deps,
  );
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(dry.file));
  const fromFile = await runCli(['retention', '--plan', 'plan.json']);
  expect(fromFile.code, fromFile.stderr).toBe(0);
  const liveRun = await runCli([...live(), '--input', `policy=${POLICY}`, '--json'], { GITHUB_TOKEN: 'reader' });
  const actions = (packages: Array<{ plan: { versions: Array<{ id: number; action: string }> } }>) =>
    packages[0]!.plan.versions.map((v) => `${v.id}:${v.action}`).sort();
  expect(actions(JSON.parse(liveRun.stdout))).toEqual(actions(dry.file.packages));
  expect(fromFile.stdout).toContain('acme/app: keep 10, delete 10');
  expect(row(fromFile.stdout, 'pr-1')).toMatch(/delete/);
});

test('without a token, or with bad input, it fails naming the input before any request', async () => {
  const count = sim.requests.length;
  const noToken = await runCli([...live(), '--input', 'keep-n-tagged=2']);
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toMatch(/input "token": is not set.*GITHUB_TOKEN/);
  const badN = await runCli([...live(), '--input', 'keep-n-tagged=-2'], { GITHUB_TOKEN: 'reader' });
  expect(badN.code).toBe(2);
  expect(badN.stderr).toMatch(/input "keep-n-tagged": "-2" is not a whole number/);
  const badPlan = await runCli(['retention', '--plan', 'retention.yml']);
  expect(badPlan.code).toBe(2);
  expect(badPlan.stderr).toMatch(/input "plan": is not JSON/);
  expect(sim.requests.length).toBe(count);
});
