import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGhcrSimulator, type GhcrSimulator } from '../harness/ghcr-simulator.ts';
import { NODE24, REPO_ROOT } from '../harness/run-action.ts';

// `ghcr-kit doctor` in a caller's checkout, through the bundle, against the GitHub API simulator:
// one run with what makes first runs fail, one after the fixes it printed.

const cli = join(REPO_ROOT, 'dist/cli/index.js');
let sim: GhcrSimulator;
let repo = '';

const workflow = (permissions: string) => `on: push
jobs:
  publish:
    runs-on: ubuntu-24.04
    permissions: ${permissions}
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - uses: ghcr-kit/ghcr-kit@v0
        with:
          images: ghcr.io/\${{ github.repository }}
`;

// Asynchronous: the simulator answers from this process, so a blocking spawn would stall it.
const doctor = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GH_TOKEN: 'pat',
      GITHUB_API_URL: sim.url,
    };
    execFile(NODE24, [cli, 'doctor', ...args], { cwd: repo, encoding: 'utf8', env }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });

beforeAll(async () => {
  sim = await startGhcrSimulator({
    tokens: { pat: { login: 'octocat', canListPackages: true } },
    owners: { Acme: 'Organization' },
  });
  sim.addVersion('acme', 'app', { digest: `sha256:${'2'.repeat(64)}`, tags: ['1.0'] });
  sim.linkPackage('acme', 'app', { repository: 'acme/platform' });
  repo = mkdtempSync(join(tmpdir(), 'doctor-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/Acme/App.git'], { cwd: repo });
  mkdirSync(join(repo, '.github/workflows'), { recursive: true });
  writeFileSync(join(repo, '.github/workflows/release.yml'), workflow('{ contents: read, packages: write }'));
  writeFileSync(join(repo, 'Dockerfile'), 'FROM node:20 AS build\nFROM scratch\nCOPY --from=build /app /app\n');
});
afterAll(() => sim.stop());

describe('ghcr-kit doctor', () => {
  test('names each problem with its fix, and exits 1', async () => {
    const result = await doctor();
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toContain('ghcr-kit doctor for Acme/App');
    expect(result.stdout).toContain(
      '✗ .github/workflows/release.yml job publish: lacks security-events: write (scan), ' +
        'id-token: write (attest), attestations: write (attest)',
    );
    expect(result.stdout).toContain(
      '! ghcr.io/Acme/App: has uppercase (.github/workflows/release.yml ghcr-kit/ghcr-kit@v0)',
    );
    expect(result.stdout).toContain('✗ Dockerfile:1: FROM node:20 names no registry');
    expect(result.stdout).toContain('fix: write FROM docker.io/library/node:20');
    expect(result.stdout).toContain('✗ ghcr.io/acme/app: linked to acme/platform, not Acme/App');
    expect(result.stdout).toMatch(/3 to fix, 1 to look at, \d+ fine\n$/);
  });

  test('after the fixes it printed, exits 0 and changed nothing remotely', async () => {
    writeFileSync(
      join(repo, '.github/workflows/release.yml'),
      workflow(
        '{ contents: read, packages: write, security-events: write, id-token: write, attestations: write }',
      ).replace('ghcr.io/${{ github.repository }}', 'ghcr.io/acme/app'),
    );
    writeFileSync(join(repo, 'Dockerfile'), 'FROM docker.io/library/node:20 AS build\nFROM scratch\n');
    sim.linkPackage('acme', 'app', { repository: 'Acme/App' });
    const result = await doctor();
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toContain('✓ ghcr.io/acme/app: linked to Acme/App, whose workflows inherit access to it');
    expect(result.stdout).toMatch(/0 to fix, 0 to look at/);
    expect(sim.requests.every((r) => r.method === 'GET')).toBe(true);
  });
  test('--json gives the same findings as data', async () => {
    const result = await doctor('--json');
    const body = JSON.parse(result.stdout) as {
      repository: string;
      findings: Array<{ check: string; status: string }>;
    };
    expect(body.repository).toBe('Acme/App');
    expect(new Set(body.findings.map((f) => f.check))).toEqual(
      new Set(['permissions', 'image name', 'Dockerfile', 'package']),
    );
    expect(body.findings.every((f) => f.status === 'ok')).toBe(true);
  });
});
