// A cleanup of 5,000 versions (1,000 multi-arch images: an index, two platform images and two
// attestation manifests each) against the GHCR simulator with 50 ms latency and GitHub's limits
// enforced (900 points per minute per endpoint, DELETE = 5 points, 100 concurrent requests).
// Prints REST requests by kind against the minimum (list pages + one DELETE per deletion),
// deletes per minute against the 180/min ceiling, rate-limit errors and broken images.
// Manifests come from the run's cache (as on a scheduled run after the first), so the figures
// are the Packages API's. It runs twice: without faults, and with 5% of Packages API requests
// answered 502/503 (half of the DELETEs among them answered so after they happened).
// Run: npm run bench -- cleanup (BENCH_CLEANUP_ARGS="images due faults" sizes it; faults is a
// comma-separated list of rates, default "0,0.05")
import { runCleanup } from '../packages/core/src/cleanup/index.ts';
import { createGitHubClient, PackagesClient, WRITES_PER_MINUTE } from '../packages/core/src/ghcr/index.ts';
import { RegistryClient } from '../packages/core/src/registry/index.ts';
import type { ManifestNode, Policy } from '../packages/core/src/retention/index.ts';
import { startGhcrSimulator } from '../test/harness/ghcr-simulator.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const images = Number(process.argv[2] ?? 1000);
/** Images whose tag is past retention (5 versions each to delete). */
const due = Number(process.argv[3] ?? 60);
const faultRates = (process.argv[4] ?? '0,0.05').split(',').map(Number);
for (const rate of faultRates) await scenario(rate);

async function scenario(rate: number): Promise<void> {
  const transient = rate > 0 ? { rate, afterEffect: 0.5, seed: 7 } : undefined;
  const sim = await startGhcrSimulator({
    tokens: { bench: { login: 'bench', canDelete: true, primaryLimit: 5000 } },
    owners: { acme: 'Organization' },
    latencyMs: 50,
    ...(transient && { transient }),
  });
  const cache = new Map<string, ManifestNode>();
  let n = 0;
  const digest = () => `sha256:${(n++).toString(16).padStart(64, '0')}`;
  const old = new Date(Date.now() - 30 * 86_400_000).toISOString();
  for (let i = 0; i < images; i++) {
    const createdAt = i < due ? old : new Date().toISOString();
    const children: string[] = [];
    for (let p = 0; p < 2; p++) {
      const image = digest();
      const attestation = digest();
      children.push(image, attestation);
      for (const d of [image, attestation]) {
        sim.addVersion('acme', 'app', { digest: d, createdAt });
        cache.set(d, {
          digest: d,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          size: 400,
          children: [],
          blobs: [{ digest: digest(), size: 1000 }],
        });
      }
    }
    const index = digest();
    sim.addVersion('acme', 'app', { digest: index, tags: [i < due ? `pr-${i}` : `main-${i}`], createdAt });
    cache.set(index, {
      digest: index,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      size: 600,
      children,
      blobs: [],
    });
  }
  const policy: Policy = {
    protectTags: [],
    rules: [{ name: 'previews', tags: ['pr-*'], keep: { kind: 'older-than', ms: 7 * 86_400_000, text: '7 days' } }],
    untagged: { kind: 'delete' },
  };
  // The checks after applying HEAD each kept manifest; this stand-in registry answers from the
  // simulator's versions (a real registry is exercised by the integration tests).
  const registry = createServer((req, res) => {
    const reference = decodeURIComponent(req.url?.split('/manifests/')[1] ?? '');
    const found = sim.versions('acme', 'app').some((v) => v.digest === reference);
    res
      .writeHead(
        found ? 200 : 404,
        found
          ? {
              'docker-content-digest': reference,
              'content-type': 'application/vnd.oci.image.index.v1+json',
              'content-length': '0',
            }
          : {},
      )
      .end();
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const registryHost = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
  const { octokit, budget } = createGitHubClient({ token: 'bench', baseUrl: sim.url });
  const started = Date.now();
  const result = await runCleanup(
    { registry: sim.host, owner: 'acme', packages: ['app'], policy, dryRun: false },
    {
      packagesClient: new PackagesClient(octokit, budget),
      registryClient: new RegistryClient({ registry: registryHost }),
      log: { info: () => {}, warning: (m) => console.warn(m) },
      now: new Date(),
      manifestCache: cache,
    },
  ).catch((error) => ({ error }));
  const seconds = (Date.now() - started) / 1000;
  if ('error' in result) console.log(`run failed: ${(result.error as Error).message}`);
  const versions = images * 5;
  // Deletions that happened (a DELETE answered 5xx after it went through counts), over the time
  // from the first DELETE's answer to the last one's.
  const deleteRequests = sim.requests.filter((r) => r.method === 'DELETE');
  const deletes = sim.versions('acme', 'app', 'deleted').length;
  const deleteMinutes = deleteRequests.length > 1 ? (deleteRequests.at(-1)!.at - deleteRequests[0]!.at) / 60_000 : 0;
  const counted = 'error' in result ? 0 : result.deleted.length;
  const minimum = Math.ceil(versions / 100) + due * 5;
  // With faults the minimum grows by the retries the faults force; the ratio is for the clean run.
  const sent = [...budget.sent].map(([kind, count]) => `${kind}=${count}`).join(' ');
  const total = [...budget.sent].filter(([kind]) => !kind.startsWith('GET /users')).reduce((s, [, c]) => s + c, 0);
  const kept = sim.versions('acme', 'app');
  const present = new Set(kept.map((v) => v.digest));
  const broken = kept.filter((v) => v.tags.length && cache.get(v.digest)!.children.some((c) => !present.has(c))).length;
  console.log(
    `\n-- ${rate ? `${rate * 100}% of requests answered 502/503 (${sim.transientFaults()} faults)` : 'no faults'}`,
  );
  console.log(
    `versions ${versions}, deleted ${deletes} in ${seconds.toFixed(1)} s; the run reports ${counted} deleted`,
  );
  console.log(`requests ${sent}; packages API ${total} vs minimum ${minimum} (${(total / minimum).toFixed(3)}×)`);
  const perMinute = deleteMinutes ? ((deletes - 1) / deleteMinutes).toFixed(1) : '-';
  const errors = `rate-limit errors ${sim.rateLimitErrors()}; broken images ${broken}`;
  console.log(`deletes/minute ${perMinute} while deleting (ceiling ${WRITES_PER_MINUTE}); ${errors}`);
  await sim.stop();
  registry.close();
}
