import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';

const execFileAsync = promisify(execFile);
export const REGISTRY_BINARY = process.env.GHCR_KIT_REGISTRY_BINARY ?? '/usr/bin/docker-registry';

export interface LocalRegistry {
  /** `127.0.0.1:<port>`, usable as an ImageRef registry. */
  host: string;
  username?: string;
  password?: string;
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  auth?: 'none' | 'htpasswd';
}

/**
 * Starts CNCF distribution (Debian's docker-registry) on loopback with its storage in a temp
 * dir. Fails loudly when it cannot start: a test that needs a registry must not pass without one.
 * Config reference: https://distribution.github.io/distribution/about/configuration/
 */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<LocalRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-registry-'));
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(dir, options);
    } catch (error) {
      lastError = error as Error;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`could not start ${REGISTRY_BINARY}: ${lastError?.message}`);
}

async function startOnce(dir: string, options: StartRegistryOptions): Promise<LocalRegistry> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let username: string | undefined;
  let password: string | undefined;
  let authBlock = '';
  if (options.auth === 'htpasswd') {
    username = 'ci-user';
    password = `pw-${randomBytes(12).toString('hex')}`;
    // distribution's htpasswd backend reads bcrypt entries only.
    const { stdout } = await execFileAsync('htpasswd', ['-Bbn', username, password]);
    await writeFile(join(dir, 'htpasswd'), stdout);
    authBlock = `auth:\n  htpasswd:\n    realm: ghcr-kit-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    authBlock,
  ].join('\n');
  const configPath = join(dir, 'config.yml');
  await writeFile(configPath, config);

  const child = spawn(REGISTRY_BINARY, ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => ((exited = code), resolve())));
  child.once('error', (error) => ((log += `\n${error.message}`), (exited = -1)));

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the registry exited (${exited}) before answering: ${log.slice(-2000)}`);
    try {
      const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the registry did not answer on ${host} within 15 s: ${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    host,
    ...(username && { username }),
    ...(password && { password }),
    async stop() {
      if (exited === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exit;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
