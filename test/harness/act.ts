import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { isolatedBuildahEnv } from './buildah-storage.ts';
import { freePort } from './free-port.ts';
import { NODE24, REPO_ROOT } from './run-action.ts';
import { toolPath } from './tools.ts';

// Workflows as users try them locally: nektos/act runs every job on this host
// (`-P <label>=-self-hosted`, no Docker), the kit's own actions and reusable workflows come
// from a staged copy of this checkout, third-party actions from the doubles in
// test/fixtures/act-doubles, and images go to a local registry with a password.
const DOUBLES = join(REPO_ROOT, 'test/fixtures/act-doubles');
const KIT = 'ghcr-kit/ghcr-kit@v0';
const RUNNER_LABELS = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-latest'];

export interface ActSandbox {
  /** The directory everything of this sandbox lives in. */
  work: string;
  /** The staged kit, as a release of it holds the files act needs. */
  kit: string;
  /** `--local-repository` entries: the kit and every pinned third-party action of the workflows. */
  localRepositories: string[];
  /** The environment act runs in: Node 24 first, an isolated buildah store, a private docker config. */
  env: NodeJS.ProcessEnv;
}

export interface ActRunOptions {
  event: string;
  /** The workflow file, relative to the project. */
  workflow: string;
  payload: Record<string, unknown>;
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  /** `github.actor`; the workflow token's user for registry logins. */
  actor?: string;
  /** Extra environment for act itself; host-mode jobs inherit it. */
  env?: Record<string, string>;
  /** `--env` for the jobs: what act sets itself (GITHUB_API_URL, …) only this way gives way. */
  jobEnv?: Record<string, string>;
  /** A file the whole output is written to, for reading after a failure. */
  log?: string;
}

export interface ActRun {
  code: number;
  output: string;
}

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
  for (const name of readdirSync(DOUBLES).filter((entry) => existsSync(join(DOUBLES, entry, 'action.yml')))) {
    const dir = join(into, name);
    mkdirSync(dir, { recursive: true });
    cpSync(join(DOUBLES, name, 'action.yml'), join(dir, 'action.yml'));
    await build({
      entryPoints: [join(DOUBLES, name, 'main.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      logLevel: 'error',
      // Some of @actions/artifact's dependencies are CommonJS that call require().
      banner: {
        js:
          "import { createRequire as doubleRequire } from 'node:module'; " +
          'const require = doubleRequire(import.meta.url);',
      },
    });
    dirs[name] = dir;
  }
  return dirs;
}

/** `owner/repo@sha` of every `actions/*` step pinned by commit in these workflow files. */
export function pinnedActions(files: string[]): string[] {
  const refs = files.flatMap((file) => [
    ...readFileSync(file, 'utf8').matchAll(/uses: (actions\/[\w-]+)@([0-9a-f]{40})/g),
  ]);
  return [...new Set(refs.map((m) => `${m[1]}@${m[2]}`))];
}

/**
 * Stages the kit and the doubles under `work`, maps every pinned third-party action of the
 * kit's reusable workflows and of `callerWorkflows` to its double (failing for one without a
 * double), and prepares the host environment for registries on plain HTTP.
 */
export async function prepareAct(
  work: string,
  registryHosts: string | string[],
  callerWorkflows: string[] = [],
): Promise<ActSandbox> {
  const kit = join(work, 'kit');
  stageKit(kit);
  const doubles = await stageDoubles(join(work, 'doubles'));
  const reusable = ['publish.yml', 'cleanup.yml'].map((name) => join(REPO_ROOT, '.github/workflows', name));
  const localRepositories = [`${KIT}=${kit}`];
  for (const ref of pinnedActions([...reusable, ...callerWorkflows])) {
    const double = doubles[ref.slice('actions/'.length, ref.indexOf('@'))];
    if (!double) throw new Error(`a workflow uses ${ref}, which has no double under ${DOUBLES}`);
    localRepositories.push(`${ref}=${double}`);
  }
  // The registry speaks plain HTTP on loopback: the workflow's `buildah login` needs to be told.
  const insecure = [registryHosts].flat().map((host) => `[[registry]]\nlocation = "${host}"\ninsecure = true\n`);
  writeFileSync(join(work, 'registries.conf'), insecure.join('\n'));
  mkdirSync(join(work, 'docker'), { recursive: true });
  writeFileSync(join(work, 'docker/config.json'), '{"auths":{}}\n');
  const env = {
    ...process.env,
    // Host jobs inherit this environment: Node 24 first, for `using: node24` and setup-node.
    PATH: `${dirname(NODE24)}:${process.env.PATH}`,
    ACT_DOUBLE_CHECKOUT_SOURCES: JSON.stringify({ [KIT]: kit }),
    ...isolatedBuildahEnv(work),
    CONTAINERS_REGISTRIES_CONF: join(work, 'registries.conf'),
    // The login step uses docker where a docker CLI exists (it does here, without a daemon),
    // else buildah; both write, and buildah and merge read, this one file, never ~/.docker.
    DOCKER_CONFIG: join(work, 'docker'),
    REGISTRY_AUTH_FILE: join(work, 'docker/config.json'),
    // act's own cache of actions and its config stay inside this sandbox.
    XDG_CACHE_HOME: join(work, 'xdg-cache'),
    XDG_CONFIG_HOME: join(work, 'xdg-config'),
  };
  return { work, kit, localRepositories, env };
}

/** Runs one event of one workflow of `project` through act, on this host. */
export async function runAct(sandbox: ActSandbox, project: string, options: ActRunOptions): Promise<ActRun> {
  const run = join(sandbox.work, `run-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'event.json'), JSON.stringify(options.payload));
  const [artifactPort, cachePort] = [await freePort(), await freePort()];
  const args = [
    options.event,
    '-W',
    options.workflow,
    '-e',
    join(run, 'event.json'),
    ...RUNNER_LABELS.flatMap((label) => ['-P', `${label}=-self-hosted`]),
    // act's servers listen on the outbound address by default; these tests stay on loopback.
    '--artifact-server-path',
    join(run, 'artifacts'),
    '--artifact-server-addr',
    '127.0.0.1',
    '--artifact-server-port',
    String(artifactPort),
    '--cache-server-addr',
    '127.0.0.1',
    '--cache-server-port',
    String(cachePort),
    ...sandbox.localRepositories.flatMap((entry) => ['--local-repository', entry]),
    ...(options.actor ? ['--actor', options.actor] : []),
    ...Object.entries(options.vars ?? {}).flatMap(([key, value]) => ['--var', `${key}=${value}`]),
    ...Object.entries(options.secrets ?? {}).flatMap(([key, value]) => ['-s', `${key}=${value}`]),
    ...Object.entries(options.jobEnv ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
  ];
  const bin = await toolPath('act');
  const result = await new Promise<ActRun>((resolve) => {
    const child = spawn(bin, args, { cwd: project, env: { ...sandbox.env, ...options.env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
  if (options.log) writeFileSync(options.log, result.output);
  return result;
}

/**
 * The jobs act reported as succeeded, by the path in its `[caller job/workflow/job]` prefix,
 * without the `-<n>` act appends to a matrix job's name.
 */
export function succeededJobs(output: string): string[] {
  const jobs = [...output.matchAll(/^\[([^\]]+)\] .*Job succeeded/gm)].map((m) => m[1]!.trim().replace(/-\d+$/, ''));
  return [...new Set(jobs)].sort();
}
