import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getManifest, imageIndexSchema, listTags, RegistryClient } from '../../packages/core/src/registry/index.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { runAction } from '../harness/run-action.ts';

// The root action as users adopt it: a few inputs, the rest publish's defaults.
let registry: LocalRegistry;
let work: string;
let env: Record<string, string>;
let ctx: string;
const sha = '860c1904a1ce19322e91ac35af1ab07466440c37';
const repository = { name: 'Hello-World', full_name: 'Octo-Org/Hello-World', owner: { login: 'Octo-Org' }, html_url: 'https://github.com/Octo-Org/Hello-World', description: 'Says hello', license: { spdx_id: 'MIT' }, default_branch: 'main' };

beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-publish-e2e-'));
  const storageConf = join(work, 'storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "vfs"\nrunroot = "${join(work, 'runroot')}"\ngraphroot = "${join(work, 'root')}"\n`);
  env = { CONTAINERS_STORAGE_CONF: storageConf, BUILDAH_ISOLATION: 'chroot', GITHUB_REPOSITORY: 'Octo-Org/Hello-World', GITHUB_SHA: sha, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_API_URL: 'http://127.0.0.1:9', SOURCE_DATE_EPOCH: '1719585022' };
  ctx = join(work, 'ctx');
  mkdirSync(ctx);
  writeFileSync(join(ctx, 'hello.txt'), 'hello\n');
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nARG VERSION\nCOPY hello.txt /hello-$TARGETARCH.txt\nLABEL org.example.version=$VERSION\n');
});

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('publish (root action) with buildah, against the local registry', () => {
  test('a push to main tags and pushes a two-platform image with the default scheme and OCI labels', async () => {
    const image = `${registry.host}/octo-org/hello-world`;
    const run = runAction('publish', { engine: 'buildah', context: ctx, images: image }, env, { payload: { ref: 'refs/heads/main', repository } });
    expect(run.status, run.stdout + run.stderr).toBe(0);

    const client = new RegistryClient({ registry: registry.host });
    expect((await listTags(client, 'octo-org/hello-world')).sort()).toEqual(['latest', 'main', 'main-860c190', 'sha-860c190']);
    const index = imageIndexSchema.parse(JSON.parse(Buffer.from((await getManifest(client, 'octo-org/hello-world', 'latest')).bytes).toString('utf8')));
    expect(index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort()).toEqual(['linux/amd64', 'linux/arm64']);

    // One set of outputs for the pipeline: meta's, then build's (image-refs is name@digest).
    expect(run.outputs.version).toBe('main');
    expect(run.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(run.outputs['image-refs']).toBe(`${image}@${run.outputs.digest}`);
    expect(run.outputs.platforms).toBe('linux/amd64,linux/arm64');
    expect(run.outputs.labels).toContain('org.opencontainers.image.source=https://github.com/Octo-Org/Hello-World');
    expect(run.env.DOCKER_METADATA_OUTPUT_VERSION).toBe('main');
    expect(run.summary).toMatch(/# ghcr-kit publish/);
    expect(run.summary).toMatch(/\| build \| pushed `sha256:/);
  });

  test('a pull request builds and pushes nothing, and the summary says so', async () => {
    const image = `${registry.host}/octo-org/pr-only`;
    const run = runAction('publish', { engine: 'buildah', context: ctx, images: image, platforms: 'linux/amd64' }, { ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/9/merge' }, { payload: { number: 9, pull_request: { number: 9, head: { ref: 'feat/x', sha }, base: { ref: 'main' } }, repository } });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tags).toContain(`${image}:pr-9`);
    expect(run.outputs.digest).toBe('');
    expect(run.summary).toMatch(/\| build \| built, not pushed \|/);
    const client = new RegistryClient({ registry: registry.host });
    expect(await listTags(client, 'octo-org/pr-only')).toEqual([]);
  });

  test('the image name defaults to ghcr.io/<owner>/<repo>, lowercased, and bad input fails before any build', () => {
    const run = runAction('publish', { engine: 'buildah', context: ctx, push: 'false', tags: 'type=nope' }, env, { payload: { repository } });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::input "tags"/);
    const dry = runAction('publish', { engine: 'buildah', context: ctx, push: 'false', platforms: 'linux/amd64' }, env, { payload: { ref: 'refs/heads/main', repository } });
    expect(dry.status, dry.stdout).toBe(0);
    expect(dry.outputs.tags!.split('\n')).toContain('ghcr.io/octo-org/hello-world:latest');
  });
});
