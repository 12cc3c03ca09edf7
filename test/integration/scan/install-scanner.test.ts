import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  assetName,
  installScanner,
  resolveScannerRelease,
  scannerArch,
  type ScannerTool,
} from '../../../packages/core/src/scan/index.ts';
import {
  builtScanner,
  packReleaseAsset,
  pinnedVersion,
  startAssetServer,
  type AssetServer,
  type PackedAsset,
} from '../../harness/scanners.ts';

const run = promisify(execFile);
const arch = scannerArch(process.arch);
let server: AssetServer;
let work: string;
const packed = {} as Record<ScannerTool, PackedAsset & { version: string }>;
const saved = { RUNNER_TOOL_CACHE: process.env.RUNNER_TOOL_CACHE, RUNNER_TEMP: process.env.RUNNER_TEMP };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ghcr-kit-install-'));
  for (const tool of ['trivy', 'syft'] as const) {
    const version = pinnedVersion(tool).replace(/^v/, '');
    packed[tool] = {
      version,
      ...(await packReleaseAsset(
        builtScanner(tool),
        tool,
        assetName(tool, version, arch),
        join(work, 'assets', version),
      )),
    };
  }
  server = await startAssetServer(join(work, 'assets'));
  process.env.RUNNER_TOOL_CACHE = join(work, 'toolcache');
  process.env.RUNNER_TEMP = join(work, 'temp');
});
afterAll(async () => {
  Object.assign(process.env, saved);
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const release = (tool: ScannerTool, overrides: { version?: string; sha256?: string } = {}) =>
  resolveScannerRelease({
    tool,
    version: overrides.version ?? packed[tool].version,
    versionInput: `${tool}-version`,
    sha256: overrides.sha256 ?? packed[tool].sha256,
    urlTemplate: server.urlTemplate,
    arch,
  });

describe('the installer downloads the release asset from a mirror, checks sha256, caches', () => {
  test.each(['trivy', 'syft'] as const)('%s: good download, then a cache hit without a request', async (tool) => {
    const before = server.requests.length;
    const first = await installScanner(release(tool));
    expect(first).toMatchObject({
      tool,
      version: packed[tool].version,
      sha256: packed[tool].sha256,
      from: 'input',
      cached: false,
    });
    expect(server.requests.slice(before)).toEqual([
      `/releases/download/v${packed[tool].version}/${packed[tool].asset}`,
    ]);
    const { stdout } = await run(first.path, [tool === 'trivy' ? '--version' : 'version']);
    expect(stdout).toContain(packed[tool].version);
    const second = await installScanner(release(tool));
    expect(second).toMatchObject({ path: first.path, cached: true });
    expect(server.requests.length).toBe(before + 1);
  });

  test('a wrong sha256 is refused and nothing is extracted or cached', async () => {
    const wrong = 'f'.repeat(64);
    const temp = join(work, 'temp');
    await expect(installScanner(release('trivy', { sha256: wrong }))).rejects.toThrow(
      `has sha256 ${packed.trivy.sha256}, expected ${wrong} (from trivy-sha256). Refused: nothing was extracted.`,
    );
    expect(await readdir(temp)).toEqual([]);
    expect(await readdir(join(work, 'toolcache', 'trivy'))).toHaveLength(1);
  });

  test('a denylisted version and an unknown version without a sha256 never reach the server', () => {
    const before = server.requests.length;
    expect(() => release('trivy', { version: '0.69.4', sha256: packed.trivy.sha256 })).toThrow(/denylist/);
    expect(() => release('trivy', { version: '0.75.0', sha256: '' })).toThrow(
      /^input "trivy-sha256": trivy 0\.75\.0 is not in our sha256 table/,
    );
    expect(server.requests.length).toBe(before);
  });

  test('a release missing on the mirror says the release is gone', async () => {
    await expect(installScanner(release('trivy', { version: '0.75.0', sha256: 'e'.repeat(64) }))).rejects.toThrow(
      /answered 404\. The release or its asset trivy_0\.75\.0_Linux-.* does not exist there/,
    );
  });
});
