import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAIMS } from '../fixtures/actions-claims.ts';
import { startRegistry, type LocalRegistry } from './registry.ts';
import { startSigstore, type LocalSigstore } from './sigstore.ts';

/**
 * cosign v2 as scripts/install-tools.sh builds it from the Go module proxy, under
 * `${GHCR_KIT_TOOLS:-~/.cache/ghcr-kit/tools}/cosign/<version>/bin/cosign` (newest v2 there),
 * or GHCR_KIT_COSIGN. Undefined when none is installed.
 */
export function findCosign(): string | undefined {
  if (process.env.GHCR_KIT_COSIGN) return process.env.GHCR_KIT_COSIGN;
  const root = join(process.env.GHCR_KIT_TOOLS ?? join(homedir(), '.cache/ghcr-kit/tools'), 'cosign');
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^v2\./.test(v) && existsSync(join(root, v, 'bin/cosign')));
  versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const newest = versions.at(-1);
  return newest ? join(root, newest, 'bin/cosign') : undefined;
}

export function runCosign(
  binary: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** A DOCKER_CONFIG folder holding the registry's htpasswd login, as `docker login` writes it. */
export function dockerConfigFor(dir: string, registry: { host: string; username?: string; password?: string }): string {
  const config = join(dir, `docker-${registry.host.replace(/[^a-z0-9]/gi, '-')}`);
  mkdirSync(config, { recursive: true });
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
  return config;
}

/** What the cosign tests sign and verify against: a registry with auth and the local Sigstore. */
export interface CosignWorld {
  registry: LocalRegistry;
  sigstore: LocalSigstore;
  /** A scratch folder, with a docker config logged in to the registry (for cosign). */
  dir: string;
  dockerConfig: string;
  stop(): Promise<void>;
}

/**
 * Starts the registry (htpasswd) and the Sigstore mock (the runner's OIDC claims) that our
 * signatures and cosign both talk to; fails at once, saying how to install it, without cosign.
 */
export async function startCosignWorld(prefix: string): Promise<CosignWorld> {
  if (!findCosign()) {
    throw new Error(
      'cosign v2 not found under ~/.cache/ghcr-kit/tools/cosign/<version>/bin (or GHCR_KIT_COSIGN): ' +
        'run scripts/install-tools.sh cosign',
    );
  }
  const [registry, sigstore] = await Promise.all([
    startRegistry({ auth: 'htpasswd' }),
    startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
  ]);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const stop = async () => void (await Promise.all([registry.stop(), sigstore.stop()]));
  return { registry, sigstore, dir, dockerConfig: dockerConfigFor(dir, registry), stop };
}
