import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuildkit, type Buildkit } from '../harness/buildkit.ts';
import { readPushedImage, tagsOf, type PushedImage } from '../harness/pushed-image.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { isolatedBuildahEnv } from '../harness/buildah-storage.ts';
import { REPO_ROOT, runAction, type ActionRun } from '../harness/run-action.ts';

// One fixture, both engines, compared on what a user of the image or the action would notice.
const BUNDLE = join(REPO_ROOT, 'dist/build/index.js');
const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37';

let registry: LocalRegistry;
let buildkit: Buildkit;
let work: string;
let ctx: string;
let env: Record<string, string>;

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  registry = await startRegistry();
  buildkit = await startBuildkit({ registryHosts: [registry.host] });
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-parity-e2e-'));
  env = {
    DOCKER_CONFIG: buildkit.env.DOCKER_CONFIG!,
    PATH: buildkit.env.PATH!,
    ...isolatedBuildahEnv(work),
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: SHA,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    DOCKER_METADATA_OUTPUT_LABELS: 'org.opencontainers.image.title=hello-world\norg.opencontainers.image.version=1.2.3',
    DOCKER_METADATA_OUTPUT_BUILD_ARGS: `BUILD_DATE=2024-06-28T14:30:22.000Z\nCOMMIT_SHA=${SHA}\nVERSION=1.2.3`,
  };
  ctx = join(work, 'ctx');
  mkdirSync(join(ctx, 'etc'), { recursive: true });
  writeFileSync(join(ctx, 'hello.txt'), 'hello\n');
  writeFileSync(join(ctx, 'etc', 'app.conf'), 'level = 3\n');
  // Two stages and a per-architecture file: what differs between engines shows up here first.
  writeFileSync(
    join(ctx, 'Dockerfile'),
    [
      'FROM scratch AS config',
      'COPY etc/app.conf /etc/app.conf',
      'FROM scratch',
      'ARG TARGETARCH',
      'ARG VERSION',
      'COPY hello.txt /hello-$TARGETARCH.txt',
      'COPY --from=config /etc/app.conf /etc/app.conf',
      'LABEL org.example.build-version=$VERSION',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await buildkit?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function build(engine: 'buildx' | 'buildah'): ActionRun {
  const repo = `octo-org/parity-${engine}`;
  return runAction(
    'build',
    {
      engine,
      ...(engine === 'buildx' && { builder: buildkit.builder }),
      context: ctx,
      platforms: 'linux/amd64,linux/arm64',
      tags: `${registry.host}/${repo}:1.2.3\n${registry.host}/${repo}:latest`,
      annotations: [
        `manifest:org.opencontainers.image.revision=${SHA}`,
        'index:org.opencontainers.image.description=parity',
      ].join('\n'),
      push: 'true',
    },
    env,
    {
      payload: {
        repository: {
          name: 'hello-world',
          full_name: 'octo-org/hello-world',
          owner: { login: 'octo-org' },
          html_url: 'https://github.com/octo-org/hello-world',
          default_branch: 'main',
          private: false,
        },
      },
    },
  );
}

/**
 * buildah's own marks, named here as inherent differences: its identity label (`--identity-label`
 * turns it off, but older buildah on hosted runners lacks the flag), and the base-image
 * annotations it writes, empty for FROM scratch.
 * https://github.com/containers/buildah/blob/main/docs/buildah-build.1.md
 */
const BUILDAH_LABELS = ['io.buildah.version'];
const BUILDAH_ANNOTATIONS = ['org.opencontainers.image.base.digest', 'org.opencontainers.image.base.name'];

/** The parts of a pushed image a user sees, keyed by platform; digests left out on purpose. */
function userView(image: PushedImage) {
  const without = (record: Record<string, string> | undefined, keys: string[]) =>
    Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => !keys.includes(k)));
  return Object.fromEntries(
    Object.entries(image.platforms).map(([platform, p]) => [
      platform,
      {
        os: p.config.os,
        architecture: p.config.architecture,
        labels: without(p.config.config?.Labels, BUILDAH_LABELS),
        annotations: without(p.annotations, BUILDAH_ANNOTATIONS),
        files: p.files,
      },
    ]),
  );
}

describe('buildx and buildah build the same image from the same inputs', () => {
  it('same platforms, labels, annotations, layer files, tags and outputs; differences named', async () => {
    const runs = { buildx: build('buildx'), buildah: build('buildah') };
    for (const run of Object.values(runs)) expect(run.status, run.stdout + run.stderr).toBe(0);
    const images = {
      buildx: await readPushedImage(registry.host, 'octo-org/parity-buildx', '1.2.3'),
      buildah: await readPushedImage(registry.host, 'octo-org/parity-buildah', '1.2.3'),
    };

    // What a user of the image notices: identical.
    expect(Object.keys(images.buildx.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(userView(images.buildah)).toEqual(userView(images.buildx));
    expect(userView(images.buildx)['linux/arm64']).toMatchObject({
      labels: {
        'org.opencontainers.image.title': 'hello-world',
        'org.opencontainers.image.version': '1.2.3',
        'org.example.build-version': '1.2.3',
      },
      annotations: { 'org.opencontainers.image.revision': SHA },
      files: { 'hello-arm64.txt': 'hello\n', 'etc/app.conf': 'level = 3\n' },
    });
    expect(await tagsOf(registry.host, 'octo-org/parity-buildah')).toEqual(
      await tagsOf(registry.host, 'octo-org/parity-buildx'),
    );
    expect(images.buildx.mediaType).toBe(images.buildah.mediaType);

    // What a user of the action notices: the same outputs, in the same shapes.
    for (const [engine, run] of Object.entries(runs)) {
      const repo = `octo-org/parity-${engine}`;
      expect(run.outputs.digest).toBe(images[engine as keyof typeof images].digest);
      expect(run.outputs['image-refs']).toBe(`${registry.host}/${repo}@${run.outputs.digest}`);
      expect(run.outputs.platforms).toBe('linux/amd64,linux/arm64');
      expect(run.outputs['digest-file']).toBe('');
      const metadata = JSON.parse(run.outputs.metadata!);
      expect(metadata['containerimage.digest']).toBe(run.outputs.digest);
      expect(metadata['image.name']).toBe(`${registry.host}/${repo}:1.2.3,${registry.host}/${repo}:latest`);
      expect(run.summary).toMatch(/Platforms \| `linux\/amd64`, `linux\/arm64` \|/);
      expect(run.summary).toMatch(/Pushed \| yes: push: true was set/);
    }

    // Inherent differences, named:
    // - digests: each engine writes its own config (history, created times) and compression.
    expect(images.buildah.digest).not.toBe(images.buildx.digest);
    // - provenance: BuildKit attests each platform manifest by default (unknown/unknown entries);
    //   buildah attests nothing (the attest action signs provenance for either).
    expect(images.buildx.attestations).toHaveLength(2);
    expect(images.buildah.attestations).toEqual([]);
    expect(images.buildah.listedPlatforms.sort()).toEqual(['linux/amd64', 'linux/arm64']);
    // - index-level annotations: buildx writes them; buildah has no index level and says so.
    expect(images.buildx.annotations).toMatchObject({ 'org.opencontainers.image.description': 'parity' });
    expect(images.buildah.annotations['org.opencontainers.image.description']).toBeUndefined();
    expect(runs.buildah.stdout).toContain(
      '::warning::annotation "index:org.opencontainers.image.description=parity" ' +
        'is at the index level, which buildah does not write',
    );
    // - buildah's identity label and empty base-image annotations (left out of userView above).
    for (const platform of Object.values(images.buildah.platforms)) {
      expect(Object.keys(platform.config.config?.Labels ?? {})).toEqual(expect.arrayContaining(BUILDAH_LABELS));
      expect(platform.annotations).toMatchObject({
        'org.opencontainers.image.base.digest': '',
        'org.opencontainers.image.base.name': '',
      });
    }
    for (const platform of Object.values(images.buildx.platforms))
      expect(Object.keys(platform.config.config?.Labels ?? {})).not.toContain('io.buildah.version');
    // - metadata: each engine's own keys beside the shared ones.
    expect(JSON.parse(runs.buildx.outputs.metadata!)['buildx.build.ref']).toMatch(new RegExp(`^${buildkit.builder}/`));
    expect(JSON.parse(runs.buildah.outputs.metadata!)['buildah.manifest']).toMatch(/^localhost\/ghcr-kit-build:/);
  });
});
