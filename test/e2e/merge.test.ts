import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../../packages/core/src/errors/index.ts';
import {
  mergeImages,
  parseDigests,
  planTargets,
  parseTargetImages,
  promoteImage,
  type ClientFor,
} from '../../packages/core/src/merge/index.ts';
import {
  RegistryClient,
  getManifest,
  headManifest,
  listTags,
  imageIndexSchema,
  OCI_INDEX,
  putManifest,
  OCI_MANIFEST,
  REFERENCE_TYPE_ANNOTATION,
  REFERENCE_DIGEST_ANNOTATION,
} from '../../packages/core/src/registry/index.ts';
import { parseImageRef } from '../../packages/core/src/reference/index.ts';
import { startFaultProxy } from '../harness/fault-proxy.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { buildAndPushImages, type BuiltImage } from '../harness/buildah.ts';
import { pushTinyImage } from '../harness/tiny-image.ts';
import { REPO_ROOT, runAction as runBundle } from '../harness/run-action.ts';

const run = promisify(execFile);
let registry: LocalRegistry;
let images: BuiltImage[];
let work: string;

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'ghcr-kit-e2e-merge-'));
  images = await buildAndPushImages({
    registry: registry.host,
    repository: 'acme/app',
    platforms: ['linux/amd64', 'linux/arm64'],
    labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app' },
  });
});
afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const clients = () => {
  const map = new Map<string, RegistryClient>();
  const clientFor: ClientFor = (host) =>
    map.get(host) ?? map.set(host, new RegistryClient({ registry: host })).get(host)!;
  return { clientFor, count: () => [...map.values()].reduce((s, c) => s + c.requestCount, 0) };
};

async function skopeoRaw(ref: string): Promise<unknown> {
  const { stdout } = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`]);
  return JSON.parse(stdout);
}

/** Runs dist/merge/index.js under Node 24 as the runner does, with a test identity. */
async function runAction(
  inputs: Record<string, string>,
): Promise<{ code: number; outputs: Record<string, string>; summary: string; stdout: string }> {
  const run = runBundle(
    'merge',
    { 'dry-run': 'false', username: 'octocat', password: 'ghs_e2eSecretValue123', ...inputs },
    { GITHUB_ACTOR: 'octocat' },
  );
  return { code: run.status, outputs: run.outputs, summary: run.summary, stdout: run.stdout };
}

describe('merge: buildah per-platform pushes joined into one index', () => {
  test('the core function joins 2 digests under 2 tags in 2 repositories; skopeo resolves each platform', async () => {
    const { clientFor, count } = clients();
    const targets = planTargets(
      parseTargetImages(`${registry.host}/acme/app\n${registry.host}/acme/mirror`),
      '1.0.0\nlatest',
    );
    const result = await mergeImages(
      {
        digests: parseDigests(images.map((i) => i.digest).join('\n')),
        targets,
        annotations: { 'org.opencontainers.image.version': '1.0.0' },
      },
      clientFor,
    );
    expect(result.pushed).toBe(true);
    expect(result.entries).toEqual(images.map((i) => ({ platform: i.platform, digest: i.digest })));
    expect(result.refs).toHaveLength(4);
    // Protocol minimum in the home repository: 2 manifests + 2 configs + 2 tag PUTs; the mirror
    // adds per child a HEAD, 2 blob mounts and a manifest PUT, then 2 tag PUTs.
    expect(count()).toBe(6 + 2 * 4 + 2);

    for (const repo of ['acme/app', 'acme/mirror']) {
      for (const tag of ['1.0.0', 'latest']) {
        const raw = imageIndexSchema.parse(await skopeoRaw(`${registry.host}/${repo}:${tag}`));
        expect(raw.mediaType).toBe(OCI_INDEX);
        expect(raw.annotations).toEqual({ 'org.opencontainers.image.version': '1.0.0' });
        for (const image of images) {
          const [os, architecture] = image.platform.split('/');
          expect(
            raw.manifests.find((d) => d.platform?.architecture === architecture && d.platform.os === os)?.digest,
          ).toBe(image.digest);
          // The child resolves in this repository too (copied by mount into the mirror).
          const { stdout } = await run('skopeo', [
            'inspect',
            '--tls-verify=false',
            '--override-arch',
            architecture!,
            `docker://${registry.host}/${repo}:${tag}`,
          ]);
          expect(JSON.parse(stdout)).toMatchObject({ Digest: result.digest, Architecture: architecture });
          expect(await skopeoRaw(`${registry.host}/${repo}@${image.digest}`)).toMatchObject({
            mediaType: OCI_MANIFEST,
          });
        }
      }
      const c = new RegistryClient({ registry: registry.host });
      expect((await getManifest(c, repo, 'latest')).digest).toBe(result.digest);
    }
  });

  test('the bundle runs like a runner runs it: digests-dir, meta-style tags, outputs and summary', async () => {
    const dir = join(work, 'digests');
    await mkdir(dir, { recursive: true });
    for (const image of images) await writeFile(join(dir, image.digest.slice('sha256:'.length)), '');
    const { code, outputs, summary, stdout } = await runAction({
      images: `${registry.host}/acme/app`,
      'digests-dir': dir,
      tags: `${registry.host}/acme/app:2.0.0\n${registry.host}/acme/other:2.0.0`,
      annotations: 'index:org.opencontainers.image.title=app\nmanifest:org.opencontainers.image.title=ignored',
    });
    // The only place the password may appear is the runner's own mask command.
    expect(stdout.replace('::add-mask::ghs_e2eSecretValue123', '')).not.toContain('ghs_e2eSecretValue123');
    expect(code).toBe(0);
    expect(outputs.platforms).toBe('linux/amd64,linux/arm64');
    expect(outputs.tags!.split('\n')).toEqual([`${registry.host}/acme/app:2.0.0`, `${registry.host}/acme/other:2.0.0`]);
    expect(JSON.parse(outputs.metadata!)).toMatchObject({
      'containerimage.digest': outputs.digest,
      'containerimage.descriptor': { mediaType: OCI_INDEX },
    });
    expect(summary).toContain('| linux/arm64 |');
    const raw = imageIndexSchema.parse(await skopeoRaw(`${registry.host}/acme/other:2.0.0`));
    expect(raw.annotations).toEqual({ 'org.opencontainers.image.title': 'app' });
  });

  test('promote adds a tag with the same digest, in place and in another repository', async () => {
    const { clientFor } = clients();
    const c = new RegistryClient({ registry: registry.host });
    const before = (await headManifest(c, 'acme/app', '1.0.0'))!.digest;
    const result = await promoteImage(
      {
        source: parseImageRef(`${registry.host}/acme/app:1.0.0`),
        targets: planTargets([], `${registry.host}/acme/app:stable\n${registry.host}/acme/prod:stable`),
      },
      clientFor,
    );
    expect(result.digest).toBe(before);
    expect((await headManifest(c, 'acme/app', 'stable'))!.digest).toBe(before);
    expect((await headManifest(c, 'acme/prod', 'stable'))!.digest).toBe(before);
    const { code, outputs } = await runAction({
      mode: 'promote',
      source: `${registry.host}/acme/app@${before}`,
      tags: `${registry.host}/acme/app:prod`,
    });
    expect(code).toBe(0);
    expect(outputs.digest).toBe(before);
    expect((await headManifest(c, 'acme/app', 'prod'))!.digest).toBe(before);
  });

  test("source without mode promotes (bare tags into the source's repository), as the log says", async () => {
    const c = new RegistryClient({ registry: registry.host });
    const before = (await headManifest(c, 'acme/app', '1.0.0'))!.digest;
    const { code, outputs, stdout } = await runAction({ source: `${registry.host}/acme/app:1.0.0`, tags: 'staging' });
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('promote: source is set and no digests are');
    expect(outputs).toEqual({
      digest: before,
      tags: `${registry.host}/acme/app:staging`,
      platforms: 'linux/amd64,linux/arm64',
      metadata: expect.any(String),
    });
    expect((await headManifest(c, 'acme/app', 'staging'))!.digest).toBe(before);
  });

  test('a digests-dir that is not there names the input, before any registry request', async () => {
    // Port 9 (discard) on loopback: a request would fail with a connection error, not this message.
    const { code, stdout, outputs } = await runAction({
      images: '127.0.0.1:9/acme/app',
      'digests-dir': join(work, 'never-downloaded'),
    });
    expect(code).toBe(1);
    expect(stdout).toContain(
      `::error::input "digests-dir": the directory does not exist (value: "${join(work, 'never-downloaded')}")`,
    );
    expect(stdout).not.toMatch(/ENOENT|ECONNREFUSED/);
    expect(outputs).toEqual({});
  });

  test('transient errors (5xx, 429 + Retry-After) on reads, mounts, manifest PUTs: the index lands', async () => {
    const proxy = await startFaultProxy(registry.host);
    try {
      const waits: number[] = [];
      const map = new Map<string, RegistryClient>();
      const clientFor: ClientFor = (host) =>
        map.get(host) ??
        map
          .set(
            host,
            new RegistryClient({
              registry: host,
              retry: { sleep: async (ms) => void waits.push(ms), baseDelayMs: 10 },
            }),
          )
          .get(host)!;
      proxy.inject(
        { status: 502, match: (m, p) => m === 'GET' && p.includes('/acme/app/manifests/sha256:') },
        { status: 429, retryAfter: '1', match: (m, p) => m === 'HEAD' && p.includes('/acme/flaky-merge/manifests/') },
        { status: 500, match: (m, p) => m === 'POST' && p.includes('/acme/flaky-merge/blobs/uploads/') },
        { status: 503, match: (m, p) => m === 'PUT' && p.includes('/manifests/') },
      );
      const result = await mergeImages(
        {
          digests: parseDigests(images.map((i) => i.digest).join('\n')),
          targets: planTargets(parseTargetImages(`${proxy.host}/acme/app\n${proxy.host}/acme/flaky-merge`), 'flaky'),
        },
        clientFor,
      );
      expect(
        proxy.requests
          .filter((r) => r.status)
          .map((r) => r.status)
          .sort(),
      ).toEqual([429, 500, 502, 503]);
      expect(waits).toContain(1000);
      const c = new RegistryClient({ registry: registry.host });
      for (const repo of ['acme/app', 'acme/flaky-merge'])
        expect((await headManifest(c, repo, 'flaky'))!.digest).toBe(result.digest);
    } finally {
      await proxy.stop();
    }
  });

  test('the bundle stays within its budget (300 KB)', () => {
    expect(statSync(join(REPO_ROOT, 'dist/merge/index.js')).size).toBeLessThanOrEqual(300 * 1024);
  });

  test('a per-platform index keeps its attestation manifests', async () => {
    const c = new RegistryClient({ registry: registry.host });
    const attestation = await pushTinyImage(c, 'acme/app', { platform: { os: 'unknown', architecture: 'unknown' } });
    const amd = images[0]!;
    const amdManifest = await getManifest(c, 'acme/app', amd.digest);
    const perPlatform = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          digest: amd.digest,
          size: amdManifest.bytes.byteLength,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: OCI_MANIFEST,
          digest: attestation.digest,
          size: attestation.size,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: {
            [REFERENCE_TYPE_ANNOTATION]: 'attestation-manifest',
            [REFERENCE_DIGEST_ANNOTATION]: amd.digest,
          },
        },
      ],
    };
    const { digest } = await putManifest(
      c,
      'acme/app',
      'amd-with-attestation',
      Buffer.from(JSON.stringify(perPlatform)),
      OCI_INDEX,
    );
    const { clientFor } = clients();
    const result = await mergeImages(
      {
        digests: parseDigests(`${digest}\n${images[1]!.digest}`),
        targets: planTargets(parseTargetImages(`${registry.host}/acme/app`), 'attested'),
      },
      clientFor,
    );
    const raw = imageIndexSchema.parse(await skopeoRaw(`${registry.host}/acme/app:attested`));
    expect(raw.manifests.map((d) => d.digest)).toEqual([amd.digest, images[1]!.digest, attestation.digest]);
    expect(result.entries.map((e) => e.platform)).toEqual(['linux/amd64', 'linux/arm64']);
  });
});

describe('merge refuses, and pushes nothing', () => {
  const tagsAfter = async () =>
    (await listTags(new RegistryClient({ registry: registry.host }), 'acme/refused')).sort();

  test('a digest that does not exist', async () => {
    const missing = `sha256:${'ab'.repeat(32)}`;
    const { clientFor } = clients();
    const error = await mergeImages(
      {
        digests: parseDigests(`${images[0]!.digest}\n${missing}`),
        targets: planTargets(parseTargetImages(`${registry.host}/acme/app`), 'refused'),
      },
      clientFor,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`${missing} does not exist in ${registry.host}/acme/app`);
    expect(await listTags(new RegistryClient({ registry: registry.host }), 'acme/app')).not.toContain('refused');
  });

  test('two digests for the same platform (action run: exit code 1, message on stdout)', async () => {
    const again = await buildAndPushImages({
      registry: registry.host,
      repository: 'acme/app',
      platforms: ['linux/amd64'],
      content: () => 'a different build\n',
    });
    const { code, stdout } = await runAction({
      images: `${registry.host}/acme/app\n${registry.host}/acme/refused`,
      digests: `${images[0]!.digest},${again[0]!.digest}`,
      tags: 'refused',
    });
    expect(code).toBe(1);
    expect(stdout).toContain('are both for linux/amd64');
    expect(await listTags(new RegistryClient({ registry: registry.host }), 'acme/app')).not.toContain('refused');
    expect(await tagsAfter()).toEqual([]);
  });

  test('a non-image artifact', async () => {
    const c = new RegistryClient({ registry: registry.host });
    const artifact = await pushTinyImage(c, 'acme/app', { artifactType: 'application/vnd.cncf.helm.config.v1+json' });
    const { clientFor } = clients();
    await expect(
      mergeImages(
        {
          digests: parseDigests(`${images[0]!.ref}\n${registry.host}/acme/app@${artifact.digest}`),
          targets: planTargets(parseTargetImages(`${registry.host}/acme/refused`), 'x'),
        },
        clientFor,
      ),
    ).rejects.toThrow(
      'is not a container image (media type application/vnd.oci.image.manifest.v1+json, ' +
        'artifact type application/vnd.cncf.helm.config.v1+json)',
    );
    expect(await tagsAfter()).toEqual([]);
  });
});
