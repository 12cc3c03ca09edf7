import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuildkit, type Buildkit } from '../harness/buildkit.ts';
import { readPushedImage, tagsOf } from '../harness/pushed-image.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { isolatedBuildahEnv } from '../harness/buildah-storage.ts';
import { REPO_ROOT, runAction, type ActionRun } from '../harness/run-action.ts';

// The action bundle as a runner runs it: `.ci/run` builds dist/ before the tests.
const BUNDLE = join(REPO_ROOT, 'dist/build/index.js');
const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37';

let registry: LocalRegistry;
let buildkit: Buildkit;
let work: string;
let ctx: string;
let env: Record<string, string>;
/** What buildah needs here, for engine: auto's fallback. */
let buildahEnv: Record<string, string>;

/** What the meta step exports for later steps (DOCKER_METADATA_OUTPUT_*). */
const META_ENV = {
  DOCKER_METADATA_OUTPUT_LABELS: 'org.opencontainers.image.title=hello-world\norg.opencontainers.image.version=1.2.3',
  DOCKER_METADATA_OUTPUT_BUILD_ARGS: `BUILD_DATE=2024-06-28T14:30:22.000Z\nCOMMIT_SHA=${SHA}\nVERSION=1.2.3`,
};

/** A push event whose payload carries the repository facts, so no API call is made. */
function payload(visibility: 'public' | 'private' = 'public', extra: Record<string, unknown> = {}) {
  return {
    repository: {
      name: 'hello-world',
      full_name: 'octo-org/hello-world',
      owner: { login: 'octo-org' },
      html_url: 'https://github.com/octo-org/hello-world',
      default_branch: 'main',
      private: visibility === 'private',
    },
    ...extra,
  };
}

function build(
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; payload?: unknown } = {},
): ActionRun {
  return runAction(
    'build',
    { engine: 'buildx', builder: buildkit.builder, context: ctx, ...inputs },
    { ...env, ...options.env },
    { payload: options.payload ?? payload() },
  );
}

/** The `docker buildx build` command line the action logged (`[command]…`). */
function commandLine(run: ActionRun): string {
  return run.stdout.split('\n').find((line) => line.startsWith('[command]') && line.includes(' buildx build ')) ?? '';
}

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  registry = await startRegistry();
  buildkit = await startBuildkit({ registryHosts: [registry.host] });
  console.log(
    `buildx ${buildkit.versions.buildx}, buildkit ${buildkit.versions.buildkit}, builder ${buildkit.builder}`,
  );
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-buildx-e2e-'));
  // Only what buildx needs from the harness: its private DOCKER_CONFIG and PATH.
  env = {
    DOCKER_CONFIG: buildkit.env.DOCKER_CONFIG!,
    PATH: buildkit.env.PATH!,
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: SHA,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_API_URL: 'http://127.0.0.1:9',
  };

  // Isolated buildah storage, as in build-buildah.test.ts: vfs works as root in a container
  // without fuse-overlayfs; chroot isolation runs a container without cgroups.
  buildahEnv = isolatedBuildahEnv(work);

  // RUN for a foreign architecture needs QEMU, which this machine lacks: the two-platform
  // fixture uses COPY, ARG TARGETARCH and LABEL only.
  ctx = join(work, 'ctx');
  mkdirSync(ctx);
  writeFileSync(join(ctx, 'hello.txt'), 'hello\n');
  writeFileSync(
    join(ctx, 'Dockerfile'),
    [
      'FROM scratch',
      'ARG TARGETARCH',
      'ARG VERSION',
      'COPY hello.txt /hello-$TARGETARCH.txt',
      'LABEL org.example.build-version=$VERSION',
      '',
    ].join('\n'),
  );
  // A native RUN works with runc: a static program hashes the mounted secrets into the image,
  // which proves they reached the build without the test ever printing them.
  execFileSync('cc', ['-static', '-O2', '-o', join(ctx, 'fnv'), '-x', 'c', '-'], {
    input: FNV_SOURCE,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  writeFileSync(
    join(ctx, 'Dockerfile.secret'),
    [
      'FROM scratch AS check',
      'COPY fnv /fnv',
      'RUN --mount=type=secret,id=token --mount=type=secret,id=envtok ' +
        '["/fnv", "/run/secrets/token", "/run/secrets/envtok", "/hashes"]',
      'FROM scratch',
      'COPY --from=check /hashes /hashes',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await buildkit?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('engine buildx, through the action bundle', () => {
  it('pushes 2 platforms, lowercased tags, labels, index+manifest annotations; reads the metadata file', async () => {
    const run = build(
      {
        platforms: 'linux/amd64,linux/arm64',
        tags: [
          `${registry.host}/Octo-Org/Hello-World:1.2.3`,
          `${registry.host}/octo-org/hello-world:latest,${registry.host}/Octo-Org/Hello-World:1`,
        ].join('\n'),
        labels: 'org.opencontainers.image.title=hello-world\norg.opencontainers.image.version=1.2.3',
        annotations:
          'index:org.opencontainers.image.description=two platforms\nmanifest:org.opencontainers.image.revision=' + SHA,
        push: 'true',
      },
      { env: META_ENV },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const repo = 'octo-org/hello-world';
    expect(commandLine(run)).toContain(`--tag ${registry.host}/octo-org/hello-world:1.2.3`);

    const digest = run.outputs.digest!;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(run.outputs['image-refs']).toBe(`${registry.host}/${repo}@${digest}`);
    expect(run.outputs.platforms).toBe('linux/amd64,linux/arm64');

    // --metadata-file, as buildx really writes it.
    const metadata = JSON.parse(run.outputs.metadata!);
    expect(metadata['containerimage.digest']).toBe(digest);
    expect(metadata['containerimage.descriptor']).toMatchObject({
      mediaType: 'application/vnd.oci.image.index.v1+json',
      digest,
    });
    expect(metadata['image.name'].split(',').sort()).toEqual(
      ['1', '1.2.3', 'latest'].map((t) => `${registry.host}/${repo}:${t}`),
    );
    expect(metadata['buildx.build.ref']).toMatch(new RegExp(`^${buildkit.builder}/${buildkit.builder}0/[a-z0-9]+$`));
    expect(run.outputs.imageid).toBe(digest);

    expect(await tagsOf(registry.host, repo)).toEqual(['1', '1.2.3', 'latest']);
    const image = await readPushedImage(registry.host, repo, '1.2.3');
    expect(image.digest).toBe(digest);
    expect(image.annotations).toMatchObject({ 'org.opencontainers.image.description': 'two platforms' });
    expect(Object.keys(image.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    for (const [platform, pushed] of Object.entries(image.platforms)) {
      const arch = platform.split('/')[1]!;
      expect(pushed.config.architecture).toBe(arch);
      expect(pushed.annotations).toMatchObject({ 'org.opencontainers.image.revision': SHA });
      expect(pushed.config.config?.Labels).toMatchObject({
        'org.opencontainers.image.title': 'hello-world',
        'org.example.build-version': '1.2.3',
      });
      expect(pushed.files).toEqual({ [`hello-${arch}.txt`]: 'hello\n' });
    }
    for (const tag of ['1', 'latest']) expect((await readPushedImage(registry.host, repo, tag)).digest).toBe(digest);

    expect(run.summary).toMatch(/Engine \| buildx \(engine: buildx was set\)/);
    expect(run.summary).toContain(`\`${registry.host}/${repo}:1.2.3\``);
    expect(run.summary).toMatch(/From the meta step \| build-args/);
  });

  it.each([
    ['push: false', { push: 'false' }, 'push', /Pushed \| no: push: false was set/],
    ['push unset', {}, 'push', /Pushed \| no: push is not set/],
    [
      'a pull request with push: auto',
      { push: 'auto' },
      'pull_request',
      /Pushed \| no: pull requests build without pushing \(push: auto\)/,
    ],
  ])('%s builds and leaves the registry unchanged', async (_name, inputs, event, pushed) => {
    const repo = `octo-org/unpushed-${event}-${Object.keys(inputs).length}`;
    const pr = event === 'pull_request';
    const run = build(
      { platforms: 'linux/amd64,linux/arm64', tags: `${registry.host}/${repo}:1`, ...inputs },
      {
        env: pr ? { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/15/merge' } : {},
        payload: payload(
          'public',
          pr
            ? {
                pull_request: {
                  number: 15,
                  head: { ref: 'feat/x', sha: 'b1b6f3c5e0a7d2f4c8e9a1b2c3d4e5f6a7b8c9d0' },
                  base: { ref: 'main' },
                },
              }
            : {},
        ),
      },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(commandLine(run)).not.toMatch(/--push|push=true/);
    expect(run.stdout).toMatch(/#\d+ \[linux\/arm64 1\/1\] COPY hello.txt/);
    expect(run.outputs.digest).toBe('');
    expect(run.outputs['image-refs']).toBe('');
    expect(JSON.parse(run.outputs.metadata!)['buildx.build.ref']).toMatch(/^ghcr-kit-/);
    expect(run.summary).toMatch(pushed);
    expect(await tagsOf(registry.host, repo)).toEqual([]);
  });

  it('pushes by digest for merge: no tag, a digest file named by the hex', async () => {
    const repo = 'octo-org/by-digest';
    const digestDir = join(work, 'digests');
    const run = build({
      platforms: 'linux/arm64',
      tags: `${registry.host}/${repo}`,
      'push-by-digest': 'true',
      'digest-dir': digestDir,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(commandLine(run)).toContain(
      `--output type=image,name=${registry.host}/${repo},push-by-digest=true,name-canonical=true,push=true`,
    );
    expect(commandLine(run)).not.toContain('--tag');
    const digest = run.outputs.digest!;
    expect(readdirSync(digestDir)).toEqual([digest.slice('sha256:'.length)]);
    expect(run.outputs['digest-file']).toBe(join(digestDir, digest.slice('sha256:'.length)));
    expect(JSON.parse(run.outputs.metadata!)['image.name']).toBe(`${registry.host}/${repo}`);
    const image = await readPushedImage(registry.host, repo, digest);
    expect(Object.keys(image.platforms)).toEqual(['linux/arm64']);
    expect(await tagsOf(registry.host, repo)).toEqual([]);
    expect(run.summary).toMatch(/none: pushed by digest for merge/);
  });

  it("refuses a tag with push-by-digest before buildx runs, with buildx's own words", async () => {
    const repo = 'octo-org/by-digest-tagged';
    const run = build({ platforms: 'linux/amd64', tags: `${registry.host}/${repo}:1`, 'push-by-digest': 'true' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/input "tags": .*can't push tagged ref by digest.*Give image names only/);
    expect(commandLine(run)).toBe('');
    expect(run.stdout).not.toMatch(/#1 \[internal\]/);
    expect(await tagsOf(registry.host, repo)).toEqual([]);
  });

  it('builds on the builder the builder input names, and fails clearly when it does not exist', () => {
    const run = build({ platforms: 'linux/amd64' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(commandLine(run)).toContain(`--builder ${buildkit.builder}`);
    expect(run.stdout).toContain(`building with "${buildkit.builder}" instance using remote driver`);

    const missing = build({ platforms: 'linux/amd64', builder: 'no-such-builder' });
    expect(missing.status).not.toBe(0);
    expect(missing.stdout).toContain(
      'engine: buildx was asked for, but docker buildx inspect no-such-builder failed: ' +
        'ERROR: no builder "no-such-builder" found',
    );
    expect(commandLine(missing)).toBe('');
  });

  it('hands secrets to the build by file and by env, never on the command line or in the log', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-secret`;
    const fromEnv = `env-${Math.random().toString(36).slice(2)}-secret`;
    const repo = 'octo-org/secrets';
    const run = build(
      {
        file: join(ctx, 'Dockerfile.secret'),
        platforms: 'linux/amd64',
        tags: `${registry.host}/${repo}:1`,
        push: 'true',
        provenance: 'false',
        secrets: `token=${token}`,
        'secret-envs': 'envtok=BUILD_SECRET_FROM_ENV',
      },
      { env: { BUILD_SECRET_FROM_ENV: fromEnv } },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);

    const command = commandLine(run);
    expect(command).toMatch(/--secret id=token,src=\/\S+\/secret-0 /);
    expect(command).toContain('--secret id=envtok,env=BUILD_SECRET_FROM_ENV');
    // The runner hides masked values; `::add-mask::` is how the action asks it to, so those
    // lines carry the value by design. Nothing else may.
    const log = (run.stdout + run.stderr)
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    for (const secret of [token, fromEnv]) {
      expect(log).not.toContain(secret);
      expect(run.summary).not.toContain(secret);
      expect(JSON.stringify(run.outputs)).not.toContain(secret);
    }
    expect(run.stdout).toContain(`::add-mask::${token}`);

    const image = await readPushedImage(registry.host, repo, '1');
    expect(image.platforms['linux/amd64']!.files.hashes).toBe(
      `/run/secrets/token ${fnv1a64(token)}\n/run/secrets/envtok ${fnv1a64(fromEnv)}\n`,
    );
  });
});

describe('provenance, as docker/build-push-action users get it', () => {
  // build-push-action's rule (docker/actions-toolkit, getAttestArgs): with no provenance input,
  // a BuildKit >= 0.11 builder and no docker exporter, `mode=min,inline-only=true` when the
  // event payload says the repository is private, else `mode=max`; builder-id is the run URL.
  const BUILDER_ID = 'builder-id=https://github.com/octo-org/hello-world/actions/runs/7/attempts/1';

  it.each([
    ['public', 'mode=max', true],
    ['private', 'mode=min,inline-only=true', false],
  ] as const)(
    'is on by default for a %s repository (%s), one attestation manifest per platform manifest',
    async (visibility, mode, max) => {
      const repo = `octo-org/provenance-${visibility}`;
      const run = build(
        { platforms: 'linux/amd64,linux/arm64', tags: `${registry.host}/${repo}:1`, push: 'true' },
        { payload: payload(visibility) },
      );
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(commandLine(run)).toContain(`--attest type=provenance,${mode},${BUILDER_ID}`);

      const image = await readPushedImage(registry.host, repo, '1');
      expect(image.listedPlatforms.sort()).toEqual([
        'linux/amd64',
        'linux/arm64',
        'unknown/unknown',
        'unknown/unknown',
      ]);
      const manifests = Object.values(image.platforms)
        .map((p) => p.digest)
        .sort();
      expect(image.attestations.map((a) => a.subject).sort()).toEqual(manifests);
      for (const attestation of image.attestations) {
        const [statement] = attestation.statements;
        expect(statement!.predicateType).toBe('https://slsa.dev/provenance/v1');
        const predicate = statement!.predicate as {
          buildDefinition: { internalParameters?: { buildConfig?: unknown } };
          runDetails: { builder: { id: string } };
        };
        expect(predicate.runDetails.builder.id).toBe(
          'https://github.com/octo-org/hello-world/actions/runs/7/attempts/1',
        );
        // mode=max records the build's LLB definition; mode=min leaves it out.
        expect(predicate.buildDefinition.internalParameters?.buildConfig !== undefined).toBe(max);
      }
      // The attestation manifests' unknown/unknown is not a platform the image runs on.
      expect(run.outputs.platforms).toBe('linux/amd64,linux/arm64');
      expect(run.summary).not.toContain('unknown');
    },
  );

  it('provenance: false pushes the platform manifests alone', async () => {
    const repo = 'octo-org/provenance-off';
    const run = build({
      platforms: 'linux/amd64,linux/arm64',
      tags: `${registry.host}/${repo}:1`,
      push: 'true',
      provenance: 'false',
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(commandLine(run)).toContain('--attest type=provenance,disabled=true');
    const image = await readPushedImage(registry.host, repo, '1');
    expect(image.listedPlatforms.sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(image.attestations).toEqual([]);
  });

  it("with no platforms input, names the builder's platform, not the attestation's unknown/unknown", async () => {
    const repo = 'octo-org/provenance-default-platform';
    const run = build({ tags: `${registry.host}/${repo}:1`, push: 'true' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const image = await readPushedImage(registry.host, repo, '1');
    expect(image.listedPlatforms.sort()).toEqual(['linux/amd64', 'unknown/unknown']);
    expect(run.outputs.platforms).toBe('linux/amd64');
    expect(run.summary).toMatch(/Platforms \| `linux\/amd64` \|/);
  });
});

describe('cache', () => {
  /** Empties the builder's own state, so only an imported cache can make a step CACHED. */
  function pruneBuilder(): void {
    execFileSync(
      buildkit.buildx[0]!,
      [...buildkit.buildx.slice(1), 'prune', '--all', '--force', '--builder', buildkit.builder],
      { env: buildkit.env, stdio: 'pipe' },
    );
  }

  it('cache-to/cache-from type=registry: an unchanged context on an empty builder reuses every step', async () => {
    const repo = 'octo-org/cached';
    const cacheRef = `${registry.host}/${repo}:buildcache`;
    const inputs = {
      platforms: 'linux/amd64,linux/arm64',
      tags: `${registry.host}/${repo}:1`,
      push: 'true',
      'cache-from': `type=registry,ref=${cacheRef}`,
      'cache-to': `type=registry,ref=${cacheRef},mode=max,image-manifest=true,oci-mediatypes=true`,
    };
    pruneBuilder();
    const cold = build(inputs);
    expect(cold.status, cold.stdout + cold.stderr).toBe(0);
    expect(cold.stdout).toMatch(/#\d+ exporting cache to registry/);
    expect(cold.stdout).not.toMatch(/^#\d+ CACHED/m);
    expect(cold.summary).toMatch(/Cache \| as given in cache-from \/ cache-to; 0 of 2 build steps from cache \|/);
    const first = await readPushedImage(registry.host, repo, '1');
    expect(await tagsOf(registry.host, repo)).toEqual(['1', 'buildcache']);

    pruneBuilder();
    const warm = build(inputs);
    expect(warm.status, warm.stdout + warm.stderr).toBe(0);
    expect(warm.stdout).toMatch(
      new RegExp(
        `#\\d+ importing cache manifest from ${cacheRef.replace(/[.]/g, '\\.')}\n#\\d+ inferred cache manifest type`,
      ),
    );
    for (const arch of ['amd64', 'arm64'])
      expect(warm.stdout).toMatch(
        new RegExp(`#(\\d+) \\[linux/${arch} 1/1\\] COPY hello.txt /hello-${arch}.txt\n#\\1 CACHED`),
      );
    expect(warm.summary).toMatch(/Cache \| as given in cache-from \/ cache-to; 2 of 2 build steps from cache \|/);
    // The same layers, so the same platform manifests; only the provenance differs (it records times).
    const second = await readPushedImage(registry.host, repo, '1');
    for (const platform of ['linux/amd64', 'linux/arm64'])
      expect(second.platforms[platform]!.digest).toBe(first.platforms[platform]!.digest);
  });

  it("without the runner's cache service the gha default is left out and the summary says so", () => {
    const run = build({ platforms: 'linux/amd64' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(commandLine(run)).not.toContain('type=gha');
    expect(run.summary).toContain(
      'Cache | no cache: the GitHub Actions cache service is not available here ' +
        '(ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN are unset)',
    );
  });
});

describe('engine: auto', () => {
  it.each([
    ['the named builder', { builder: '<harness>' }, {}, 'auto: builder "<harness>" answered docker buildx inspect'],
    [
      'the current builder (BUILDX_BUILDER)',
      { builder: '' },
      { BUILDX_BUILDER: '<harness>' },
      'auto: the current builder answered docker buildx inspect',
    ],
  ])('picks buildx when %s answers, and says so', async (_name, inputs, extraEnv, reason) => {
    const named = (text: string) => text.replace('<harness>', buildkit.builder);
    const repo = `octo-org/auto-buildx-${Object.keys(extraEnv).length}`;
    const run = build(
      {
        engine: 'auto',
        platforms: 'linux/amd64,linux/arm64',
        tags: `${registry.host}/${repo}:1`,
        push: 'true',
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, named(v)])),
      },
      {
        env: Object.fromEntries(Object.entries(extraEnv).map(([k, v]) => [k, named(v)])),
      },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`building with "${buildkit.builder}" instance`);
    expect(run.summary).toContain(`| Engine | buildx (${named(reason)}) |`);
    expect(Object.keys((await readPushedImage(registry.host, repo, '1')).platforms).sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
  });

  it.each([
    [
      'a builder name that does not exist',
      { builder: 'no-such-builder' },
      'docker buildx inspect no-such-builder failed: ERROR: no builder "no-such-builder" found',
    ],
    [
      'no builder, and the current one is a Docker daemon that is not there',
      { builder: '' },
      'docker buildx inspect failed: failed to connect to the docker API',
    ],
  ])('falls back to buildah on %s, and says why', async (_name, inputs, why) => {
    const repo = `octo-org/auto-buildah-${inputs.builder ? 'named' : 'current'}`;
    const run = build(
      {
        engine: 'auto',
        platforms: 'linux/amd64,linux/arm64',
        tags: `${registry.host}/${repo}:1`,
        push: 'true',
        ...inputs,
      },
      { env: buildahEnv },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(commandLine(run)).toBe('');
    expect(run.stdout).toMatch(/\[command\]\S*buildah build /);
    expect(run.summary).toContain(`| Engine | buildah (auto: buildah, because ${why}`);
    expect(Object.keys((await readPushedImage(registry.host, repo, '1')).platforms).sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
  });
});

// FNV-1a (64-bit) of each file given, written to the last argument: small enough to need no libc
// beyond stdio, and a hash, so the image proves the secret arrived without holding it.
// http://www.isthe.com/chongo/tech/comp/fnv/index.html#FNV-1a
const FNV_SOURCE = `#include <stdio.h>
int main(int argc, char **argv) {
  FILE *out = fopen(argv[argc - 1], "w");
  if (!out) return 2;
  for (int i = 1; i < argc - 1; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) { fprintf(out, "%s missing\\n", argv[i]); continue; }
    unsigned long long h = 14695981039346656037ULL;
    int c;
    while ((c = fgetc(f)) != EOF) { h ^= (unsigned char)c; h *= 1099511628211ULL; }
    fprintf(out, "%s %016llx\\n", argv[i], h);
    fclose(f);
  }
  return fclose(out) == 0 ? 0 : 3;
}
`;

function fnv1a64(text: string): string {
  let h = 14695981039346656037n;
  for (const byte of Buffer.from(text)) h = ((h ^ BigInt(byte)) * 1099511628211n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}
