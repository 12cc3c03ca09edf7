import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { toolPath } from './tools.ts';

const execFileAsync = promisify(execFile);

export interface StartBuildkitOptions {
  /** Registries buildkitd reaches over plain HTTP, e.g. `127.0.0.1:5000` (a loopback test registry). */
  registryHosts: string[];
}

export interface Buildkit {
  /** A private DOCKER_CONFIG holding the buildx CLI plugin and the builder; ~/.docker is untouched. */
  dockerConfig: string;
  /** The buildx builder (remote driver) attached to our buildkitd. */
  builder: string;
  /** Environment for buildx commands: DOCKER_CONFIG, and PATH with buildx, buildctl and buildkitd. */
  env: NodeJS.ProcessEnv;
  /**
   * The argv prefix that runs buildx: `docker buildx` when a docker CLI is installed (no daemon
   * is needed with the remote driver), else the standalone buildx binary, which reads the same
   * DOCKER_CONFIG.
   */
  buildx: string[];
  /** `unix://…/buildkitd.sock` */
  address: string;
  versions: { buildx: string; buildkit: string };
  stop(): Promise<void>;
}

async function onPath(command: string, path = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      await access(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Starts buildkitd (OCI worker on runc, state in a temp dir) and a buildx builder using the
 * remote driver against its socket. Throws with the daemon's log tail when it cannot start:
 * a test that needs a builder must fail, not skip.
 * buildkitd.toml reference: https://docs.docker.com/build/buildkit/toml-configuration/
 * remote driver: https://docs.docker.com/build/builders/drivers/remote/
 */
export async function startBuildkit(options: StartBuildkitOptions): Promise<Buildkit> {
  const [buildxBin, buildkitdBin, buildctlBin] = await Promise.all(
    ['buildx', 'buildkitd', 'buildctl'].map((tool) => toolPath(tool)),
  );
  if (!(await onPath('runc'))) {
    throw new Error(
      'runc is not on PATH: buildkitd runs build steps with it (apt-get install runc; .ci/run does this)',
    );
  }

  const dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-buildkit-'));
  const socket = join(dir, 'buildkitd.sock');
  const address = `unix://${socket}`;
  const dockerConfig = join(dir, 'docker-config');
  const logPath = join(dir, 'buildkitd.log');
  await mkdir(join(dockerConfig, 'cli-plugins'), { recursive: true });
  await symlink(buildxBin!, join(dockerConfig, 'cli-plugins', 'docker-buildx'));

  const toml = [
    `root = ${JSON.stringify(join(dir, 'root'))}`,
    '[grpc]',
    `  address = [${JSON.stringify(address)}]`,
    '[worker.oci]',
    '  enabled = true',
    '[worker.containerd]',
    '  enabled = false',
    ...options.registryHosts.flatMap((host) => [
      `[registry.${JSON.stringify(host)}]`,
      '  http = true',
      '  insecure = true',
    ]),
    '',
  ].join('\n');
  const configPath = join(dir, 'buildkitd.toml');
  await writeFile(configPath, toml);

  const binDirs = [...new Set([buildxBin, buildkitdBin, buildctlBin].map((bin) => dirname(bin!)))];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCKER_CONFIG: dockerConfig,
    PATH: [...binDirs, process.env.PATH ?? ''].join(delimiter),
  };
  const docker = await onPath('docker');
  const buildx = docker ? [docker, 'buildx'] : [buildxBin!];

  const log = createWriteStream(logPath);
  let logTail = '';
  const child: ChildProcess = spawn(
    buildkitdBin!,
    ['--config', configPath, '--root', join(dir, 'root'), '--addr', address],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  const record = (chunk: Buffer) => {
    log.write(chunk);
    logTail = (logTail + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', record);
  child.stderr!.on('data', record);
  let exited: string | undefined;
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = signal ?? String(code);
      done();
    }),
  );
  child.once('error', (error) => {
    logTail += `\n${error.message}`;
    exited ??= 'spawn error';
  });
  // A test run that dies must not leave a root buildkitd behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    await new Promise<void>((done) => log.end(done));
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  const fail = async (what: string): Promise<never> => {
    const tail = logTail.trim().split('\n').slice(-30).join('\n');
    await stop();
    throw new Error(`${what}\nbuildkitd log (last lines):\n${tail}`);
  };

  // The socket answers once the worker is up; `debug workers` proves both.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) await fail(`buildkitd exited (${exited}) before answering on ${address}`);
    try {
      const { stdout } = await execFileAsync(buildctlBin!, ['--addr', address, 'debug', 'workers'], {
        env,
        timeout: 5000,
      });
      if (stdout.trim().split('\n').length > 1) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) await fail(`buildkitd did not answer on ${address} within 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }

  const builder = `ghcr-kit-${process.pid}-${Date.now().toString(36)}`;
  const run = async (args: string[]) => {
    try {
      const { stdout } = await execFileAsync(buildx[0]!, [...buildx.slice(1), ...args], { env, timeout: 60_000 });
      return stdout;
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      return fail(`${[...buildx, ...args].join(' ')} failed: ${e.stderr?.trim() || e.message}`);
    }
  };
  await run(['create', '--name', builder, '--driver', 'remote', address]);
  const inspect = await run(['inspect', '--bootstrap', '--builder', builder]);
  const versionOut = await run(['version']);
  const buildkitVersion = /BuildKit version:\s*(\S+)/.exec(inspect)?.[1];
  const buildxVersion = /github\.com\/docker\/buildx\s+(\S+)/.exec(versionOut)?.[1];
  if (!buildkitVersion || !buildxVersion) {
    await fail(`could not read the versions from buildx:\n${versionOut}\n${inspect}`);
  }

  return {
    dockerConfig,
    builder,
    env,
    buildx,
    address,
    versions: { buildx: buildxVersion!, buildkit: buildkitVersion! },
    stop,
  };
}
