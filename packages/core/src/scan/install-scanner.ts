import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tc from '@actions/tool-cache';
import type { ScannerRelease } from './scanner-release.ts';

const HASH_REFUSED =
  'Refused: nothing was extracted. A changed hash for a published version means the asset was replaced; ' +
  'do not override it without finding out why.';

export interface InstalledScanner {
  tool: string;
  version: string;
  /** Path of the executable. */
  path: string;
  /** The archive's sha256 for a download, the executable's for a binary from PATH. */
  sha256: string;
  from: 'table' | 'input' | 'path';
  cached: boolean;
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The tool-cache version: the release version plus the expected sha256, so a different
 * binary under the same version (a mirror's rebuild, a re-published release) is a different
 * cache entry rather than a silent hit. A prerelease tag keeps it valid semver for tool-cache.
 */
export function toolCacheVersion(release: Pick<ScannerRelease, 'version' | 'sha256'>): string {
  return `${release.version}-sha256-${release.sha256.slice(0, 16)}`;
}

/**
 * Downloads the release asset, checks its sha256 against the expected one before anything is
 * extracted, and caches the extracted binary with @actions/tool-cache. A mismatch deletes the
 * download and fails; nothing from it runs or is cached.
 */
export async function installScanner(
  release: ScannerRelease,
  log: (line: string) => void = () => {},
): Promise<InstalledScanner> {
  const cacheVersion = toolCacheVersion(release);
  const hit = tc.find(release.tool, cacheVersion, release.arch);
  if (hit) {
    const path = join(hit, release.tool);
    await access(path);
    return {
      tool: release.tool,
      version: release.version,
      path,
      sha256: release.sha256,
      from: release.sha256From,
      cached: true,
    };
  }
  let archive: string;
  try {
    archive = await tc.downloadTool(release.url);
  } catch (error) {
    const status = (error as { httpStatusCode?: number }).httpStatusCode;
    if (status === 404) {
      throw new Error(
        `${release.tool} ${release.version}: ${release.url} answered 404. ` +
          `The release or its asset ${release.asset} does not exist there (vendors delete releases); ` +
          `pick a version that exists, or a mirror with ${release.tool}-url.`,
      );
    }
    throw new Error(
      `${release.tool} ${release.version}: download of ${release.url} failed: ${(error as Error).message}`,
    );
  }
  const actual = await fileSha256(archive);
  if (actual !== release.sha256) {
    await rm(archive, { force: true });
    const expectedFrom = release.sha256From === 'table' ? 'our sha256 table' : `${release.tool}-sha256`;
    throw new Error(
      `${release.tool} ${release.version}: ${release.asset} has sha256 ${actual}, ` +
        `expected ${release.sha256} (from ${expectedFrom}). ${HASH_REFUSED}`,
    );
  }
  log(`${release.tool} ${release.version}: ${release.asset} sha256 ${actual} matches (${release.sha256From})`);
  const dir = await tc.extractTar(archive);
  await rm(archive, { force: true });
  const binary = join(dir, release.tool);
  try {
    await access(binary);
  } catch {
    throw new Error(
      `${release.tool} ${release.version}: ${release.asset} has no ${release.tool} executable at its root`,
    );
  }
  await chmod(binary, 0o755);
  const cached = await tc.cacheDir(dir, release.tool, cacheVersion, release.arch);
  await rm(dir, { recursive: true, force: true });
  return {
    tool: release.tool,
    version: release.version,
    path: join(cached, release.tool),
    sha256: actual,
    from: release.sha256From,
    cached: false,
  };
}

/** `scanner-from-path: true`: the binary on PATH, identified by its own sha256. */
export async function scannerFromPath(tool: string, path: string): Promise<InstalledScanner> {
  return { tool, version: 'from PATH', path, sha256: await fileSha256(path), from: 'path', cached: false };
}
