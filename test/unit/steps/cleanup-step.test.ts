import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanupStep } from '../../../packages/core/src/steps/cleanup/index.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/fault-proxy.ts';
import { startGhcrSimulator, type GhcrSimulator } from '../../harness/ghcr-simulator.ts';
import { testIO } from '../../harness/step-io.ts';

const DIGEST = `sha256:${'c'.repeat(64)}`;
let sim: GhcrSimulator;
let registry: FaultProxy;
beforeEach(async () => {
  sim = await startGhcrSimulator({
    tokens: { admin: { login: 'octocat', canDelete: true } },
    owners: { acme: 'Organization' },
  });
  sim.addVersion('acme', 'app', { digest: DIGEST, tags: ['latest'] });
  // Nothing listens upstream: every registry answer is one the test injects.
  registry = await startFaultProxy('127.0.0.1:1');
});
afterEach(async () => {
  await registry.stop();
  await sim.stop();
});

test("a 503 from the registry while the graph is read is tried again, waiting on the step's clock", async () => {
  registry.inject({ status: 503, retryAfter: '7' }, ...Array.from({ length: 8 }, () => ({ status: 404 })));
  const io = testIO({
    inputs: {
      token: 'admin',
      packages: 'app',
      registry: registry.host,
      'delete-untagged': 'true',
      'dry-run': 'true',
      'upload-artifact': 'false',
    },
    env: {
      GITHUB_API_URL: sim.url,
      GITHUB_REPOSITORY_OWNER: 'acme',
      RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'cleanup-step-')),
    },
  });

  await cleanupStep(io);
  expect(registry.requests[0]?.status).toBe(503);
  expect(registry.requests.length).toBeGreaterThan(1);
  // Retry-After: 7 is honoured, and waited for through io.sleep rather than the wall clock.
  expect(io.slept).toContain(7000);
  // A dry run: the simulator still lists the version.
  expect(sim.versions('acme', 'app').map((v) => v.digest)).toEqual([DIGEST]);
});
