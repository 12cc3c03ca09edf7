import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getManifest, imageIndexSchema, listTags, RegistryClient } from '../../packages/core/src/registry/index.ts';
import { freePort } from '../harness/free-port.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { isolatedBuildahEnv } from '../harness/buildah-storage.ts';
import { NODE24, REPO_ROOT } from '../harness/run-action.ts';
import { toolPath } from '../harness/tools.ts';

// publish.yml as users try it locally: nektos/act runs every job on this host
// (`-P <label>=-self-hosted`, no Docker), the kit's own actions and the reusable workflow come
// from this checkout, third-party actions from the doubles in test/fixtures/act-doubles, and
// the images go to a local registry with a password, which reaches the workflow as act secrets.
const DOUBLES = join(REPO_ROOT, 'test/fixtures/act-doubles');
const sha = (repo: string) => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();

let registry: LocalRegistry;
let work: string;
let project: string;
let act: { code: number; output: string };

/** The files a release of the kit holds that act needs: action.yml files, dist/, the workflows. */
function stageKit(into: string): void {
  for (const part of ['action.yml', 'dist', '.github/workflows/publish.yml', '.github/workflows/cleanup.yml']) {
    cpSync(join(REPO_ROOT, part), join(into, part), { recursive: true });
  }
  for (const name of readdirSync(join(REPO_ROOT, 'actions'))) {
    cpSync(join(REPO_ROOT, 'actions', name, 'action.yml'), join(into, 'actions', name, 'action.yml'));
  }
}

/** Each double as act will copy it: action.yml beside its bundled main. */
async function stageDoubles(into: string): Promise<Record<string, string>> {
  const dirs: Record<string, string> = {};
  for (const name of ['checkout', 'setup-node', 'upload-artifact', 'download-artifact']) {
    const dir = join(into, name);
    mkdirSync(dir, { recursive: true });
    cpSync(join(DOUBLES, name, 'action.yml'), join(dir, 'action.yml'));
    await build({
      entryPoints: [join(DOUBLES, name, 'main.ts')], outfile: join(dir, 'index.js'), bundle: true, platform: 'node', target: 'node24', format: 'esm', logLevel: 'error',
      // Some of @actions/artifact's dependencies are CommonJS that call require().
      banner: { js: "import { createRequire as doubleRequire } from 'node:module'; const require = doubleRequire(import.meta.url);" },
    });
    dirs[name] = dir;
  }
  return dirs;
}

/** The repository under test: two services and the caller workflow, committed on main. */
function makeProject(dir: string): void {
  for (const service of ['api', 'worker']) {
    mkdirSync(join(dir, 'services', service), { recursive: true });
    writeFileSync(join(dir, 'services', service, 'hello.txt'), `hello from ${service}\n`);
    // No RUN: the arm64 leg builds on this amd64 host without emulation.
    writeFileSync(join(dir, 'services', service, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nCOPY hello.txt /hello-$TARGETARCH.txt\n');
  }
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  cpSync(join(REPO_ROOT, 'test/fixtures/act/publish-caller.yml'), join(dir, '.github/workflows/publish.yml'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/Octo-Org/Mono.git');
  git('add', '.');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'two services');
}

beforeAll(async () => {
  registry = await startRegistry({ auth: 'htpasswd' });
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-act-e2e-'));
  project = join(work, 'mono');
  mkdirSync(project);
  makeProject(project);
  const kit = join(work, 'kit');
  stageKit(kit);
  const doubles = await stageDoubles(join(work, 'doubles'));

  // Every third-party action publish.yml pins, mapped to its double by the exact pinned ref.
  const workflow = readFileSync(join(REPO_ROOT, '.github/workflows/publish.yml'), 'utf8');
  const pinned = [...new Set([...workflow.matchAll(/uses: (actions\/[\w-]+)@([0-9a-f]{40})/g)].map((m) => `${m[1]}@${m[2]}`))];
  const localRepositories = pinned.map((ref) => {
    const double = doubles[ref.split('/')[1]!.split('@')[0]!];
    if (!double) throw new Error(`publish.yml uses ${ref}, which has no double under ${DOUBLES}`);
    return `${ref}=${double}`;
  });

  const buildahEnv = isolatedBuildahEnv(work);
  // The registry speaks plain HTTP on loopback: the workflow's `buildah login` needs to be told.
  writeFileSync(join(work, 'registries.conf'), `[[registry]]\nlocation = "${registry.host}"\ninsecure = true\n`);
  mkdirSync(join(work, 'docker'));
  writeFileSync(join(work, 'docker/config.json'), '{"auths":{}}\n');
  writeFileSync(join(work, 'event.json'), JSON.stringify({
    inputs: {},
    ref: 'refs/heads/main',
    repository: { name: 'Mono', full_name: 'Octo-Org/Mono', owner: { login: 'Octo-Org' }, html_url: 'https://github.com/Octo-Org/Mono', default_branch: 'main' },
  }));

  const [artifactPort, cachePort] = [await freePort(), await freePort()];
  const args = [
    'workflow_dispatch', '-W', '.github/workflows/publish.yml', '-e', join(work, 'event.json'),
    '-P', 'ubuntu-24.04=-self-hosted', '-P', 'ubuntu-24.04-arm=-self-hosted',
    // act's servers listen on the outbound address by default; these tests stay on loopback.
    '--artifact-server-path', join(work, 'artifacts'), '--artifact-server-addr', '127.0.0.1', '--artifact-server-port', String(artifactPort),
    '--cache-server-addr', '127.0.0.1', '--cache-server-port', String(cachePort),
    '--local-repository', `ghcr-kit/ghcr-kit@v0=${kit}`,
    ...localRepositories.flatMap((entry) => ['--local-repository', entry]),
    '--var', `REGISTRY=${registry.host}`,
    '-s', `REGISTRY_USERNAME=${registry.username}`, '-s', `REGISTRY_PASSWORD=${registry.password}`,
  ];
  const env = {
    ...process.env,
    // Host jobs inherit this environment: Node 24 first, for `using: node24` and setup-node.
    PATH: `${dirname(NODE24)}:${process.env.PATH}`,
    ACT_DOUBLE_CHECKOUT_SOURCES: JSON.stringify({ 'ghcr-kit/ghcr-kit@v0': kit }),
    ...buildahEnv, CONTAINERS_REGISTRIES_CONF: join(work, 'registries.conf'),
    // The login step uses docker where a docker CLI exists (it does here, without a daemon),
    // else buildah; both write, and buildah and merge read, this one file, never ~/.docker.
    DOCKER_CONFIG: join(work, 'docker'), REGISTRY_AUTH_FILE: join(work, 'docker/config.json'),
    // act's own cache of actions and its config stay inside this test's directory.
    XDG_CACHE_HOME: join(work, 'xdg-cache'), XDG_CONFIG_HOME: join(work, 'xdg-config'),
  };
  const bin = await toolPath('act');
  act = await new Promise((resolve) => {
    const child = spawn(bin, args, { cwd: project, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
  writeFileSync(join(tmpdir(), 'ghcr-kit-act-e2e-last.log'), act.output);
});

afterAll(async () => {
  await registry?.stop();
  if (work && !process.env.KEEP) rmSync(work, { recursive: true, force: true });
});

describe('publish.yml through act on this host, two services, two platforms', () => {
  test('the workflow succeeds: every job ran, on Node 24, with the artifact server', () => {
    expect(act.code, act.output.slice(-6000)).toBe(0);
    for (const job of ['changes', 'build api linux/amd64', 'build api linux/arm64', 'build worker linux/amd64', 'build worker linux/arm64', 'merge api', 'merge worker', 'report']) {
      expect(act.output, job).toMatch(new RegExp(`\\[[^\\]]*${job.replace(/[/]/g, '\\/')}[^\\]]*\\] .*Job succeeded`));
    }
    expect(act.output).toMatch(/node \d+\.\d+\.\d+ satisfies node-version 24/);
    expect(act.output).toMatch(/uploaded 1 file\(s\) .* as artifact digests-api-linux-arm64/);
  });

  test('the registry holds both services as two-platform indexes under the default tags', async () => {
    const client = new RegistryClient({ registry: registry.host, credentials: { username: registry.username!, password: registry.password! } });
    const head = sha(project).slice(0, 7);
    for (const service of ['api', 'worker']) {
      const repository = `octo-org/mono-${service}`;
      expect((await listTags(client, repository)).sort(), repository).toEqual(['latest', 'main', `main-${head}`, `sha-${head}`]);
      const index = imageIndexSchema.parse(JSON.parse(Buffer.from((await getManifest(client, repository, 'latest')).bytes).toString('utf8')));
      expect(index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    }
  });

  test('the reusable workflow returns digests and image refs keyed by service to its caller', async () => {
    const digests = JSON.parse(act.output.match(/published digests: (\{.*\})/)?.[1] ?? '{}') as Record<string, string>;
    expect(Object.keys(digests).sort()).toEqual(['api', 'worker']);
    const client = new RegistryClient({ registry: registry.host, credentials: { username: registry.username!, password: registry.password! } });
    expect((await getManifest(client, 'octo-org/mono-api', 'latest')).digest).toBe(digests.api);
    expect(act.output).toContain(`published image-refs: {"api":"${registry.host}/octo-org/mono-api@${digests.api}"`);
  });
});
