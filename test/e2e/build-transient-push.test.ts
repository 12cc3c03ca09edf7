import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedBuildahEnv } from '../harness/buildah-storage.ts';
import { startBuildkit, type Buildkit } from '../harness/buildkit.ts';
import { startFaultProxy, type Fault, type FaultProxy } from '../harness/fault-proxy.ts';
import { readPushedImage } from '../harness/pushed-image.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { runActionAsync } from '../harness/run-action.ts';

// Issue 18 §2b: a registry that answers 5xx now and then (ghcr.io does) must not fail a build
// leg. The fault proxy answers one blob HEAD, one blob PUT and one manifest PUT with 5xx; the
// buildah engine's pushes (buildah manifest push by tag, skopeo copy by digest) still land.
let registry: LocalRegistry;
let proxy: FaultProxy;
let buildkit: Buildkit | undefined;
let work: string;
let ctx: string;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy(registry.host);
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-flaky-push-'));
  ctx = join(work, 'ctx');
  mkdirSync(ctx);
  writeFileSync(join(ctx, 'hello.txt'), 'hello\n');
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nCOPY hello.txt /hello-$TARGETARCH.txt\n');
  env = {
    ...isolatedBuildahEnv(work),
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
  };
});

afterAll(async () => {
  await buildkit?.stop();
  await proxy?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const FAULTS: Fault[] = [
  { status: 500, match: (method, path) => method === 'HEAD' && /\/blobs\/sha256:/.test(path) },
  { status: 503, match: (method, path) => method === 'PUT' && /\/blobs\/uploads\//.test(path) },
  { status: 502, match: (method, path) => method === 'PUT' && /\/manifests\//.test(path) },
];

/** The injected faults that answered a request (each answers one, then the registry answers). */
const answered = (before: number) =>
  proxy.requests
    .slice(before)
    .filter((r) => r.status !== undefined)
    .map((r) => `${r.method} ${r.status}`);

describe('transient registry errors during a push are retried', () => {
  it('buildah by tag: the index and both tags land despite a 500, a 503 and a 502', async () => {
    const before = proxy.requests.length;
    proxy.inject(...FAULTS);
    const run = await runActionAsync(
      'build',
      {
        engine: 'buildah',
        context: ctx,
        platforms: 'linux/amd64,linux/arm64',
        push: 'true',
        tags: `${proxy.host}/octo-org/flaky:1.0.0\n${proxy.host}/octo-org/flaky:latest`,
      },
      env,
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(answered(before).sort()).toEqual(['HEAD 500', 'PUT 502', 'PUT 503']);
    const image = await readPushedImage(registry.host, 'octo-org/flaky', '1.0.0');
    expect(image.digest).toBe(run.outputs.digest);
    expect(Object.keys(image.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect((await readPushedImage(registry.host, 'octo-org/flaky', 'latest')).digest).toBe(run.outputs.digest);
  });

  it('buildah by digest (skopeo copy): the digest the merge job needs exists', async () => {
    const before = proxy.requests.length;
    proxy.inject(...FAULTS);
    const run = await runActionAsync(
      'build',
      {
        engine: 'buildah',
        context: ctx,
        platforms: 'linux/arm64',
        tags: `${proxy.host}/octo-org/flaky-digest`,
        'push-by-digest': 'true',
        'digest-dir': join(work, 'digests'),
        'build-args': 'LEG=by-digest',
      },
      env,
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(answered(before).sort()).toEqual(['HEAD 500', 'PUT 502', 'PUT 503']);
    const image = await readPushedImage(registry.host, 'octo-org/flaky-digest', run.outputs.digest!);
    expect(Object.keys(image.platforms)).toEqual(['linux/arm64']);
  });

  it('a refused push (403) is not tried again', async () => {
    const before = proxy.requests.length;
    proxy.inject({ status: 403, match: (method, path) => method === 'PUT' && /\/manifests\//.test(path) });
    const run = await runActionAsync(
      'build',
      {
        engine: 'buildah',
        context: ctx,
        platforms: 'linux/amd64',
        push: 'true',
        tags: `${proxy.host}/octo-org/refused:1`,
      },
      env,
    );
    expect(run.status).toBe(1);
    expect(answered(before)).toEqual(['PUT 403']);
    expect(run.stdout).not.toContain('transient registry error');
    expect(proxy.requests.slice(before).filter((r) => r.method === 'PUT' && /\/manifests\//.test(r.path))).toHaveLength(
      1,
    );
  });

  // BuildKit 0.34 retries these itself; the action's rerun of the build covers what it gives up on.
  it('buildx: a push that meets a 502 on its manifest PUT and a 500 on a blob check still lands', async () => {
    buildkit = await startBuildkit({ registryHosts: [proxy.host] });
    const before = proxy.requests.length;
    proxy.inject(FAULTS[0]!, FAULTS[2]!);
    const run = await runActionAsync(
      'build',
      {
        engine: 'buildx',
        builder: buildkit.builder,
        context: ctx,
        platforms: 'linux/amd64',
        push: 'true',
        provenance: 'false',
        tags: `${proxy.host}/octo-org/flaky-buildx:1`,
      },
      { ...env, DOCKER_CONFIG: buildkit.env.DOCKER_CONFIG!, PATH: buildkit.env.PATH! },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(answered(before).sort()).toEqual(['HEAD 500', 'PUT 502']);
    expect((await readPushedImage(registry.host, 'octo-org/flaky-buildx', '1')).digest).toBe(run.outputs.digest);
  });
});
