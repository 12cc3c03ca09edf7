import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT } from './run-action.ts';

const run = promisify(execFile);

/** Pinned versions of the scanners scripts/install-tools.sh builds (its tool-versions.env). */
export function pinnedVersion(tool: 'trivy' | 'syft'): string {
  const fallback = { trivy: 'v0.74.0', syft: 'v1.54.1' }[tool];
  const env = join(REPO_ROOT, 'scripts/tool-versions.env');
  if (!existsSync(env)) return fallback;
  const match = new RegExp(`^${tool.toUpperCase()}_VERSION=(\\S+)`, 'm').exec(readFileSync(env, 'utf8'));
  return match?.[1] ?? fallback;
}

/**
 * The real scanner that scripts/install-tools.sh built from the Go module proxy. Fails loudly
 * when it is missing: a test that needs the real scanner must not pass without it.
 */
export function builtScanner(tool: 'trivy' | 'syft'): string {
  const version = pinnedVersion(tool);
  const path = join(process.env.GHCR_KIT_TOOLS ?? join(homedir(), '.cache/ghcr-kit/tools'), tool, version, 'bin', tool);
  if (!existsSync(path))
    throw new Error(`${tool} ${version} is not built at ${path}: run scripts/install-tools.sh ${tool}`);
  return path;
}

export interface PackedAsset {
  asset: string;
  path: string;
  sha256: string;
}

/** Packs a binary the way its release does: `<tool>` at the archive root, beside a LICENSE. */
export async function packReleaseAsset(binary: string, tool: string, asset: string, dir: string): Promise<PackedAsset> {
  const stage = await mkdtemp(join(tmpdir(), `ghcr-kit-${tool}-asset-`));
  await copyFile(binary, join(stage, tool));
  await writeFile(join(stage, 'LICENSE'), 'Apache-2.0 (test packaging of a source build)\n');
  await mkdir(dir, { recursive: true });
  const path = join(dir, asset);
  await run('tar', ['-czf', path, '-C', stage, tool, 'LICENSE']);
  const sha256 = createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
  return { asset, path, sha256 };
}

export interface AssetServer {
  /** `http://127.0.0.1:<port>`; `<dir>/<version>/<asset>` is served at `/releases/download/v<version>/<asset>`. */
  url: string;
  /** A `{version}`/`{asset}` template for the trivy-url / syft-url inputs. */
  urlTemplate: string;
  requests: string[];
  stop(): Promise<void>;
}

/** Serves release assets from a directory on loopback, as GitHub's release download URL does. */
export async function startAssetServer(dir: string): Promise<AssetServer> {
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    const match = /^\/releases\/download\/v([^/]+)\/([^/]+)$/.exec(path);
    const file = match && join(dir, match[1]!, match[2]!);
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    urlTemplate: `${url}/releases/download/v{version}/{asset}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
