import { afterEach, beforeEach, expect, test } from 'vitest';
import { mergeStep } from '../../../packages/core/src/steps/merge/index.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/fault-proxy.ts';
import { testIO } from '../../harness/step-io.ts';

let registry: FaultProxy;
beforeEach(async () => {
  // Nothing listens upstream: every answer is one the test injects.
  registry = await startFaultProxy('127.0.0.1:1');
});
afterEach(async () => {
  await registry.stop();
});

test("a 503 from the registry is tried again, waiting on the step's clock", async () => {
  const digest = `sha256:${'b'.repeat(64)}`;
  const image = `${registry.host}/acme/app`;
  registry.inject({ status: 503, retryAfter: '7' }, ...Array.from({ length: 4 }, () => ({ status: 404 })));
  const io = testIO({ inputs: { images: image, tags: `${image}:1.0.0`, digests: digest } });

  await expect(mergeStep(io)).rejects.toThrow(/^input "digests": sha256:b{64} does not exist in/);
  const manifestReads = registry.requests.filter((r) => r.path.endsWith(`/manifests/${digest}`));
  expect(manifestReads.map((r) => r.status)).toEqual([503, 404]);
  // Retry-After: 7 is honoured, and waited for through io.sleep rather than the wall clock.
  expect(io.slept).toEqual([7000]);
});
