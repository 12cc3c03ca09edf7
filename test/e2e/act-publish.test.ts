import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getManifest, imageIndexSchema, listTags, RegistryClient } from '../../packages/core/src/registry/index.ts';
import { prepareAct, runAct, type ActRun } from '../harness/act.ts';
import { CallerRepo } from '../harness/caller-repo.ts';
import { startRegistry, type LocalRegistry } from '../harness/registry.ts';
import { REPO_ROOT } from '../harness/run-action.ts';

// publish.yml as users try it locally (test/harness/act.ts): act on this host, the kit from
// this checkout, third-party actions from the doubles, and the images in a local registry
// with a password, which reaches the workflow as act secrets.
let registry: LocalRegistry;
let work: string;
let project: CallerRepo;
let act: ActRun;

/** The repository under test: two services and the caller workflow, committed on main. */
function makeProject(dir: string): CallerRepo {
  for (const service of ['api', 'worker']) {
    mkdirSync(join(dir, 'services', service), { recursive: true });
    writeFileSync(join(dir, 'services', service, 'hello.txt'), `hello from ${service}\n`);
    // No RUN: the arm64 leg builds on this amd64 host without emulation.
    writeFileSync(
      join(dir, 'services', service, 'Dockerfile'),
      'FROM scratch\nARG TARGETARCH\nCOPY hello.txt /hello-$TARGETARCH.txt\n',
    );
  }
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  cpSync(join(REPO_ROOT, 'test/fixtures/act/publish-caller.yml'), join(dir, '.github/workflows/publish.yml'));
  return CallerRepo.init(dir, 'https://github.com/Octo-Org/Mono.git');
}

beforeAll(async () => {
  registry = await startRegistry({ auth: 'htpasswd' });
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-act-e2e-'));
  mkdirSync(join(work, 'mono'));
  project = makeProject(join(work, 'mono'));
  const sandbox = await prepareAct(work, registry.host);
  act = await runAct(sandbox, project.dir, {
    event: 'workflow_dispatch',
    workflow: '.github/workflows/publish.yml',
    payload: {
      inputs: {},
      ref: 'refs/heads/main',
      repository: {
        name: 'Mono',
        full_name: 'Octo-Org/Mono',
        owner: { login: 'Octo-Org' },
        html_url: 'https://github.com/Octo-Org/Mono',
        default_branch: 'main',
      },
    },
    vars: { REGISTRY: registry.host },
    secrets: { REGISTRY_USERNAME: registry.username!, REGISTRY_PASSWORD: registry.password! },
    log: join(tmpdir(), 'ghcr-kit-act-e2e-last.log'),
  });
});

afterAll(async () => {
  await registry?.stop();
  if (work && !process.env.KEEP) rmSync(work, { recursive: true, force: true });
});

describe('publish.yml through act on this host, two services, two platforms', () => {
  test('the workflow succeeds: every job ran, on Node 24, with the artifact server', () => {
    expect(act.code, act.output.slice(-6000)).toBe(0);
    for (const job of [
      'changes',
      'build api linux/amd64',
      'build api linux/arm64',
      'build worker linux/amd64',
      'build worker linux/arm64',
      'merge api',
      'merge worker',
      'report',
    ]) {
      expect(act.output, job).toMatch(new RegExp(`\\[[^\\]]*${job.replace(/[/]/g, '\\/')}[^\\]]*\\] .*Job succeeded`));
    }
    expect(act.output).toMatch(/node \d+\.\d+\.\d+ satisfies node-version 24/);
    expect(act.output).toMatch(/uploaded 1 file\(s\) .* as artifact digests-api-linux-arm64/);
  });

  test('the registry holds both services as two-platform indexes under the default tags', async () => {
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { username: registry.username!, password: registry.password! },
    });
    const head = project.head().slice(0, 7);
    for (const service of ['api', 'worker']) {
      const repository = `octo-org/mono-${service}`;
      expect((await listTags(client, repository)).sort(), repository).toEqual([
        'latest',
        'main',
        `main-${head}`,
        `sha-${head}`,
      ]);
      const index = imageIndexSchema.parse(
        JSON.parse(Buffer.from((await getManifest(client, repository, 'latest')).bytes).toString('utf8')),
      );
      expect(index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort()).toEqual([
        'linux/amd64',
        'linux/arm64',
      ]);
    }
  });

  test('the reusable workflow returns digests and image refs keyed by service to its caller', async () => {
    const digests = JSON.parse(act.output.match(/published digests: (\{.*\})/)?.[1] ?? '{}') as Record<string, string>;
    expect(Object.keys(digests).sort()).toEqual(['api', 'worker']);
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { username: registry.username!, password: registry.password! },
    });
    expect((await getManifest(client, 'octo-org/mono-api', 'latest')).digest).toBe(digests.api);
    expect(act.output).toContain(`published image-refs: {"api":"${registry.host}/octo-org/mono-api@${digests.api}"`);
  });
});
