import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuildkit, type Buildkit } from '../../harness/buildkit.ts';

const execFileAsync = promisify(execFile);

// A minimal loopback registry until test/harness/registry.ts (startRegistry) lands here:
// CNCF distribution (Debian's docker-registry), storage in a temp dir.
// https://distribution.github.io/distribution/about/configuration/
async function startLocalRegistry(): Promise<{ host: string; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const host = `127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-registry-'));
  const config = join(dir, 'config.yml');
  await writeFile(
    config,
    ['version: 0.1', 'log:', '  level: warn', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, 'http:', `  addr: ${host}`, ''].join('\n'),
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-2000)));
  const exit = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start on ${host}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    async stop() {
      child.kill('SIGTERM');
      await exit;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

describe('buildx with buildkitd, on this machine', () => {
  let registry: Awaited<ReturnType<typeof startLocalRegistry>>;
  let buildkit: Buildkit;
  let work: string;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    buildkit = await startBuildkit({ registryHosts: [registry.host] });
    work = await mkdtemp(join(tmpdir(), 'ghcr-kit-build-'));
    console.log(`buildx ${buildkit.versions.buildx}, buildkit ${buildkit.versions.buildkit}, builder ${buildkit.builder}`);
  });

  afterAll(async () => {
    await buildkit?.stop();
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('reports the pinned, stamped versions (buildx version gates depend on them)', () => {
    expect(buildkit.versions.buildx).toMatch(/^v\d+\.\d+\.\d+/);
    expect(buildkit.versions.buildkit).toMatch(/^v\d+\.\d+\.\d+/);
  });

  it('builds a two-platform image, pushes it, and writes the digest to the metadata file', async () => {
    const context = join(work, 'context');
    await mkdir(context);
    await writeFile(join(context, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nCOPY hello-${TARGETARCH}.txt /hello.txt\n');
    await writeFile(join(context, 'hello-amd64.txt'), 'hello from amd64\n');
    await writeFile(join(context, 'hello-arm64.txt'), 'hello from arm64\n');
    const metadataFile = join(work, 'metadata.json');
    const image = `${registry.host}/test/app:1`;

    const [command, ...prefix] = buildkit.buildx;
    await execFileAsync(
      command!,
      [...prefix, 'build', '--builder', buildkit.builder, '--platform', 'linux/amd64,linux/arm64', '--push', '--metadata-file', metadataFile, '-t', image, context],
      { env: buildkit.env, timeout: 120_000 },
    );

    const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
    const digest = metadata['containerimage.digest'];
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const response = await fetch(`http://${registry.host}/v2/test/app/manifests/1`, { headers: { accept: OCI_INDEX } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(OCI_INDEX);
    expect(response.headers.get('docker-content-digest')).toBe(digest);
    const index = (await response.json()) as { manifests: Array<{ platform?: { os: string; architecture: string } }> };
    // buildx adds provenance attestation manifests (platform unknown/unknown) beside the images.
    const platforms = index.manifests
      .map((m) => m.platform)
      .filter((p) => p && p.os !== 'unknown')
      .map((p) => `${p!.os}/${p!.architecture}`)
      .sort();
    expect(platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });
});
