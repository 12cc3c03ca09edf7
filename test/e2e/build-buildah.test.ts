import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { isolatedBuildahEnv } from '../harness/buildah-storage.ts';
import { REPO_ROOT, runAction } from '../harness/run-action.ts';

// The action bundle as a runner runs it: `.ci/run` builds dist/ before the tests.
const BUNDLE = join(REPO_ROOT, 'dist/build/index.js');

const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

let registry: LocalRegistry;
let work: string;
let env: Record<string, string>;
let ctx: string;
let canSmoke: boolean;

/** What the meta step exports for later steps (DOCKER_METADATA_OUTPUT_*). */
const META_ENV = {
  DOCKER_METADATA_OUTPUT_LABELS: 'org.opencontainers.image.title=hello-world\norg.opencontainers.image.version=1.2.3',
  DOCKER_METADATA_OUTPUT_ANNOTATIONS:
    'manifest:org.opencontainers.image.version=1.2.3\n' +
    'manifest:org.opencontainers.image.revision=860c1904a1ce19322e91ac35af1ab07466440c37',
  DOCKER_METADATA_OUTPUT_BUILD_ARGS:
    'BUILD_DATE=2024-06-28T14:30:22.000Z\nCOMMIT_SHA=860c1904a1ce19322e91ac35af1ab07466440c37\nVERSION=1.2.3',
};

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-build-e2e-'));
  // Isolated buildah storage for the action's child processes: vfs works as root in a
  // container without fuse-overlayfs; chroot isolation runs a container without cgroups.
  // https://github.com/containers/storage/blob/main/docs/containers-storage.conf.5.md
  env = {
    ...isolatedBuildahEnv(work),
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_API_URL: 'http://127.0.0.1:9',
  };

  ctx = join(work, 'ctx');
  mkdirSync(ctx);
  writeFileSync(join(ctx, 'hello.txt'), 'hello\n');
  // A static binary lets the smoke test run something in a FROM scratch image.
  canSmoke = compileStaticTrue(join(ctx, 'true'));
  writeFileSync(
    join(ctx, 'Dockerfile'),
    [
      'FROM scratch',
      'ARG TARGETARCH',
      'ARG VERSION',
      'COPY hello.txt /hello-$TARGETARCH.txt',
      ...(canSmoke ? ['COPY true /true', 'ENTRYPOINT ["/true"]'] : []),
      'LABEL org.example.build-version=$VERSION',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('engine buildah, through the action bundle', () => {
  it('pushes a two-platform index by tag, with the meta labels, annotations and build args', async () => {
    const repo = 'octo-org/hello-world';
    const run = runAction(
      'build',
      {
        engine: 'buildah',
        context: ctx,
        platforms: 'linux/amd64,linux/arm64',
        tags: `${registry.host}/${repo}:1.2.3\n${registry.host}/${repo}:latest`,
        push: 'true',
        'smoke-test': canSmoke ? '--version' : '',
      },
      { ...env, ...META_ENV },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);

    const digest = run.outputs.digest!;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(run.outputs['image-refs']).toBe(`${registry.host}/${repo}@${digest}`);
    expect(run.outputs.platforms).toBe('linux/amd64,linux/arm64');
    expect(JSON.parse(run.outputs.metadata!)['containerimage.digest']).toBe(digest);

    // Both tags point at the index the action reported.
    for (const tag of ['1.2.3', 'latest']) expect((await getManifest(repo, tag)).digest).toBe(digest);
    const index = await getManifest(repo, digest);
    expect(index.mediaType).toBe(INDEX);
    const children = index.json.manifests as Array<{ digest: string; platform: { os: string; architecture: string } }>;
    expect(children.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);

    for (const child of children) {
      const manifest = await getManifest(repo, child.digest);
      expect(manifest.mediaType).toBe(MANIFEST);
      expect(manifest.json.annotations).toMatchObject({
        'org.opencontainers.image.version': '1.2.3',
        'org.opencontainers.image.revision': '860c1904a1ce19322e91ac35af1ab07466440c37',
      });
      const config = JSON.parse((await getBlob(repo, manifest.json.config.digest)).toString('utf8'));
      expect(config.architecture).toBe(child.platform.architecture);
      expect(config.config.Labels).toMatchObject({
        'org.opencontainers.image.title': 'hello-world',
        'org.opencontainers.image.version': '1.2.3',
        'org.example.build-version': '1.2.3',
      });
      const files = (
        await Promise.all(manifest.json.layers.map((l: { digest: string }) => getBlob(repo, l.digest)))
      ).flatMap((b) => tarNames(gunzipSync(b)));
      expect(files).toContain(`hello-${child.platform.architecture}.txt`);
    }

    expect(run.summary).toMatch(/Engine \| buildah \(engine: buildah was set\)/);
    expect(run.summary).toMatch(/From the meta step \| labels, annotations, build-args/);
    expect(run.summary).toMatch(/no cache: buildah has no GitHub Actions cache backend/);
    if (canSmoke) {
      expect(run.summary).toMatch(/Smoke test `linux\/amd64` \| passed/);
      expect(run.summary).toMatch(/Smoke test `linux\/arm64` \| skipped: this runner cannot execute arm64/);
    }
  });

  it('pushes by digest for merge: no tag, and a digest file named by the hex', async () => {
    const repo = 'octo-org/by-digest';
    const digestDir = join(work, 'digests');
    const run = runAction(
      'build',
      {
        engine: 'buildah',
        context: ctx,
        platforms: 'linux/arm64',
        tags: `${registry.host}/${repo}`,
        'push-by-digest': 'true',
        'digest-dir': digestDir,
      },
      { ...env, ...META_ENV },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const digest = run.outputs.digest!;
    expect(readdirSync(digestDir)).toEqual([digest.slice('sha256:'.length)]);
    expect(run.outputs['digest-file']).toBe(join(digestDir, digest.slice('sha256:'.length)));
    const manifest = await getManifest(repo, digest);
    expect(manifest.mediaType).toBe(MANIFEST);
    const config = JSON.parse((await getBlob(repo, manifest.json.config.digest)).toString('utf8'));
    expect(config.architecture).toBe('arm64');
    expect(await tagsOf(repo)).toEqual([]);
    expect(run.summary).toMatch(/none: pushed by digest for merge/);
  });

  it("cache: registry keeps the layer cache in <image>/buildcache, outside the image's repository", async () => {
    const repo = 'octo-org/cached';
    const image = `${registry.host}/${repo}`;
    // Each build in storage of its own, as on a fresh runner.
    const build = (extra: Record<string, string>) => {
      const inputs = { engine: 'buildah', context: ctx, platforms: 'linux/amd64', tags: `${image}:1`, push: 'true' };
      const storage = isolatedBuildahEnv(mkdtempSync(join(work, 'storage-')));
      return runAction('build', { ...inputs, ...extra }, { ...env, ...storage, ...META_ENV });
    };
    const first = build({ cache: 'registry' });
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.summary).toContain(`registry layer cache ${image}/buildcache`);
    // The image's repository holds the image's tag only: nothing a cleanup would count as an image.
    expect(await tagsOf(repo)).toEqual(['1']);
    const cacheTags = await tagsOf(`${repo}/buildcache`);
    expect(cacheTags.length).toBeGreaterThan(0);
    for (const tag of cacheTags) expect(tag).toMatch(/^[0-9a-f]{64}$/);

    // buildx's spelling of the same cache reads the same repository, never the image's own.
    // (buildah 1.28 pulls nothing from it into empty storage here: the hit is not asserted.)
    const second = build({ 'cache-from': `type=registry,ref=${image}:buildcache` });
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain(`--layers --cache-from ${image}/buildcache `);
    expect(await tagsOf(repo)).toEqual(['1']);
  });

  it("{{defaultContext}}:docker builds the repository's Git context at the event's commit, no checkout", async () => {
    // A bare repository as the "server": GITHUB_SERVER_URL is where the Git context points.
    const server = join(work, 'git-server');
    const bare = join(server, 'octo-org/from-git.git');
    const clone = join(work, 'git-clone');
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
    mkdirSync(join(clone, 'docker'), { recursive: true });
    writeFileSync(join(clone, 'docker/Dockerfile'), 'FROM scratch\nCOPY committed.txt /committed.txt\n');
    writeFileSync(join(clone, 'docker/committed.txt'), 'from the commit\n');
    git(clone, 'init', '--quiet');
    git(clone, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
    git(clone, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'one');
    const sha = git(clone, 'rev-parse', 'HEAD');
    // A later commit on the branch must not be what is built: the event's commit is.
    writeFileSync(join(clone, 'docker/committed.txt'), 'a later commit\n');
    git(clone, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-am', 'two');
    mkdirSync(server, { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--bare', clone, bare]);
    git(bare, 'config', 'uploadpack.allowAnySHA1InWant', 'true');

    const repo = 'octo-org/from-git';
    const run = runAction(
      'build',
      {
        engine: 'buildah',
        context: '{{defaultContext}}:docker',
        platforms: 'linux/amd64',
        tags: `${registry.host}/${repo}:1`,
        push: 'true',
      },
      { ...env, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha, GITHUB_SERVER_URL: `file://${server}` },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const index = await getManifest(repo, '1');
    const manifest = await getManifest(repo, index.json.manifests[0].digest);
    const files = (await Promise.all(manifest.json.layers.map((l: { digest: string }) => getBlob(repo, l.digest)))).map(
      (b) => gunzipSync(b),
    );
    expect(files.flatMap(tarNames)).toContain('committed.txt');
    expect(files.map((tar) => tar.toString('latin1')).join('')).toContain('from the commit');
    expect(files.map((tar) => tar.toString('latin1')).join('')).not.toContain('a later commit');
  });

  it('on a pull request builds but pushes nothing, and says so', async () => {
    const repo = 'octo-org/pr-build';
    const run = runAction(
      'build',
      {
        engine: 'buildah',
        context: ctx,
        platforms: 'linux/amd64',
        tags: `${registry.host}/${repo}:pr-15`,
        push: 'auto',
      },
      { ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/15/merge' },
      {
        payload: {
          pull_request: {
            number: 15,
            head: { ref: 'feat/x', sha: 'b1b6f3c5e0a7d2f4c8e9a1b2c3d4e5f6a7b8c9d0' },
            base: { ref: 'main' },
          },
        },
      },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.digest).toBe('');
    expect(run.outputs['image-refs']).toBe('');
    expect(run.summary).toMatch(/Pushed \| no: pull requests build without pushing \(push: auto\)/);
    expect(await tagsOf(repo)).toEqual([]);
  });

  it.each([
    ['an unknown platform', { platforms: 'linux/amd65' }, /input "platforms": "amd65" is not a known architecture/],
    [
      'a malformed cache spec',
      { 'cache-from': 'type=registry,ref' },
      /input "cache-from": "ref" is not a key=value field/,
    ],
    ['a secrets line without =', { secrets: 'hunter2' }, /input "secrets": a line is not id=value/],
    [
      'push and load with two platforms',
      { push: 'true', load: 'true', platforms: 'linux/amd64,linux/arm64' },
      /input "load": load and push together with 2 platforms/,
    ],
  ])('%s fails before the builder starts', async (_n, raw, message) => {
    const repo = 'octo-org/refused';
    const run = runAction(
      'build',
      { engine: 'buildah', context: ctx, tags: `${registry.host}/${repo}:1`, ...raw },
      env,
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(message);
    expect(run.stdout).not.toMatch(/STEP 1/);
    expect(run.stdout).not.toContain('hunter2');
    expect(await tagsOf(repo)).toEqual([]);
  });

  it('a failing build points the annotation at the Dockerfile line', () => {
    const bad = join(work, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'Dockerfile'), 'FROM scratch\nARG X\nCOPY missing.txt /\n');
    const run = runAction('build', { engine: 'buildah', context: bad, platforms: 'linux/amd64' }, env);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `::error title=building at STEP "COPY missing.txt /"[^\\n]*,file=${escape(join(bad, 'Dockerfile'))},line=3::`,
      ),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function getManifest(repo: string, ref: string): Promise<{ mediaType: string; digest: string; json: any }> {
  const res = await fetch(`http://${registry.host}/v2/${repo}/manifests/${ref}`, {
    headers: { Accept: [INDEX, MANIFEST].join(', ') },
  });
  expect(res.status, `GET manifest ${repo}:${ref}`).toBe(200);
  return {
    mediaType: res.headers.get('content-type') ?? '',
    digest: res.headers.get('docker-content-digest') ?? '',
    json: await res.json(),
  };
}

async function getBlob(repo: string, digest: string): Promise<Buffer> {
  const res = await fetch(`http://${registry.host}/v2/${repo}/blobs/${digest}`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function tagsOf(repo: string): Promise<string[]> {
  const res = await fetch(`http://${registry.host}/v2/${repo}/tags/list`);
  if (res.status === 404) return [];
  return ((await res.json()) as { tags: string[] | null }).tags ?? [];
}

/** File names in a tar stream (ustar headers: name at 0..100, octal size at 124..136). */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(
      tar
        .subarray(offset + 124, offset + 136)
        .toString('utf8')
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    names.push(name.replace(/^\.?\//, ''));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

function compileStaticTrue(out: string): boolean {
  const src = `${out}.c`;
  writeFileSync(src, 'int main(void) { return 0; }\n');
  // .ci/run installs gcc and libc6-dev; without them the smoke test would go untested, so fail.
  try {
    execFileSync('cc', ['-static', '-O2', '-o', out, src], { stdio: 'pipe' });
    return true;
  } finally {
    rmSync(src, { force: true });
  }
}
