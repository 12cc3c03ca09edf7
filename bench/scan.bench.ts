// The scan action on a two-platform image with a warm cache (scanners in the tool cache, a
// fresh DB in cache-dir), against the bare `trivy image` + `syft scan` runs it makes for the
// same two platform manifests, alternated in one run. Target: ≤ 1.2×.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { assetName, scannerArch, SYFT_ENV, syftArgs, trivyScanArgs } from '../packages/core/src/scan/index.ts';
import { startRegistry } from '../test/harness/registry.ts';
import { runActionAsync } from '../test/harness/run-action.ts';
import { builtScanner, packReleaseAsset, pinnedVersion, startAssetServer } from '../test/harness/scanners.ts';
import { pushFixtureDb } from '../test/harness/trivy-db.ts';
import { pushVulnerableImage } from '../test/harness/vulnerable-image.ts';

const run = promisify(execFile);
const rounds = Number(process.argv[2] ?? 5);
const work = await mkdtemp(join(tmpdir(), 'scan-bench-'));
const registry = await startRegistry();
const server = { stop: async () => {} };
try {
  await pushFixtureDb(registry.host, 'fixtures/trivy-db');
  const image = await pushVulnerableImage(registry.host, 'bench/app', '1.0.0', ['linux/amd64', 'linux/arm64']);
  const assets: Record<string, { sha256: string; version: string }> = {};
  for (const tool of ['trivy', 'syft'] as const) {
    const version = pinnedVersion(tool).replace(/^v/, '');
    assets[tool] = {
      version,
      ...(await packReleaseAsset(
        builtScanner(tool),
        tool,
        assetName(tool, version, scannerArch(process.arch)),
        join(work, 'assets', version),
      )),
    };
  }
  const assetServer = await startAssetServer(join(work, 'assets'));
  server.stop = () => assetServer.stop();
  const cacheDir = join(work, 'trivy-cache');
  const inputs = {
    'image-ref': image.ref,
    'upload-sarif': 'false',
    'cache-dir': cacheDir,
    'db-repository': `${registry.host}/fixtures/trivy-db:2`,
    'trivy-url': assetServer.urlTemplate,
    'trivy-sha256': assets.trivy!.sha256,
    'trivy-version': assets.trivy!.version,
    'syft-url': assetServer.urlTemplate,
    'syft-sha256': assets.syft!.sha256,
    'syft-version': assets.syft!.version,
  };
  const env = {
    RUNNER_TOOL_CACHE: join(work, 'toolcache'),
    GITHUB_REPOSITORY: 'bench/app',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: 'c'.repeat(40),
  };
  const action = async () => {
    const result = await runActionAsync('scan', inputs, env);
    if (result.status !== 0) throw new Error(`scan action failed: ${result.stdout}${result.stderr}`);
  };
  // The same scanner runs the action makes, per platform manifest, with nothing around them.
  const bare = async () => {
    for (const [i, child] of image.children.entries()) {
      const target = `${image.ref.replace(/:[^:/]+$/, '')}@${child.digest}`;
      await run(
        builtScanner('trivy'),
        trivyScanArgs({
          scanType: 'image',
          target,
          input: '',
          output: join(work, `bare-${i}.json`),
          cacheDir,
          skipDbUpdate: true,
          javaDbRepositories: [],
          ignoreUnfixed: false,
          pkgTypes: '',
          scanners: '',
          skipDirs: [],
          skipFiles: [],
          ignoreFile: '',
          trivyConfig: '',
          ignorePolicy: '',
          listAllPkgs: false,
          timeout: '',
          hideProgress: true,
        }),
      );
      await run(
        builtScanner('syft'),
        syftArgs({
          scanType: 'image',
          target,
          input: '',
          spdxJson: join(work, `bare-${i}.spdx.json`),
          cyclonedxJson: join(work, `bare-${i}.cdx.json`),
        })!,
        { env: { ...process.env, ...SYFT_ENV } },
      );
    }
  };
  await action(); // warms the tool cache and the DB
  await bare();
  const times = { action: [] as number[], bare: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    for (const [name, fn] of [
      ['bare', bare],
      ['action', action],
    ] as const) {
      const start = performance.now();
      await fn();
      times[name].push(performance.now() - start);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`scan of a two-platform image, warm cache, ${rounds} alternating rounds`);
  console.log(`bare trivy + syft per platform   median ${median(times.bare).toFixed(0)} ms`);
  console.log(`scan action (dist, Node 24)      median ${median(times.action).toFixed(0)} ms`);
  console.log(
    `ratio action / bare              ${(median(times.action) / median(times.bare)).toFixed(2)}x   (target ≤ 1.2x)`,
  );
} finally {
  await server.stop();
  await registry.stop();
}
