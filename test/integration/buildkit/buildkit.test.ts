import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuildkit, type Buildkit } from '../../harness/buildkit.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';

const execFileAsync = promisify(execFile);

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

describe('buildx with buildkitd, on this machine', () => {
  let registry: LocalRegistry;
  let buildkit: Buildkit;
  let work: string;

  beforeAll(async () => {
    registry = await startRegistry();
    buildkit = await startBuildkit({ registryHosts: [registry.host] });
    work = await mkdtemp(join(tmpdir(), 'ghcr-kit-build-'));
    console.log(
      `buildx ${buildkit.versions.buildx}, buildkit ${buildkit.versions.buildkit}, builder ${buildkit.builder}`,
    );
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
    await writeFile(
      join(context, 'Dockerfile'),
      'FROM scratch\nARG TARGETARCH\nCOPY hello-${TARGETARCH}.txt /hello.txt\n',
    );
    await writeFile(join(context, 'hello-amd64.txt'), 'hello from amd64\n');
    await writeFile(join(context, 'hello-arm64.txt'), 'hello from arm64\n');
    const metadataFile = join(work, 'metadata.json');
    const image = `${registry.host}/test/app:1`;

    const [command, ...prefix] = buildkit.buildx;
    await execFileAsync(
      command!,
      [
        ...prefix,
        'build',
        '--builder',
        buildkit.builder,
        '--platform',
        'linux/amd64,linux/arm64',
        '--push',
        '--metadata-file',
        metadataFile,
        '-t',
        image,
        context,
      ],
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
