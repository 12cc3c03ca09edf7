import { afterEach, beforeEach, expect, test } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { mergeStep } from '../../../packages/core/src/steps/merge/index.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/fault-proxy.ts';
import { testIO } from '../../harness/step-io.ts';

/**
 * Bad input fails the merge step with one error naming the input, before its first registry
 * request: the registry is a recording proxy, and none may arrive.
 */
let registry: FaultProxy;
beforeEach(async () => {
  // Nothing listens upstream: the only requests that can arrive are the ones the step sends.
  registry = await startFaultProxy('127.0.0.1:1');
});
afterEach(async () => {
  await registry.stop();
});

const digest = `sha256:${'a'.repeat(64)}`;
const base = () => ({ images: `${registry.host}/acme/app`, tags: `${registry.host}/acme/app:1.0.0`, digests: digest });

test('good input reaches the registry (so the silence below means something)', async () => {
  registry.inject(...Array.from({ length: 4 }, () => ({ status: 404 })));
  await expect(mergeStep(testIO({ inputs: base() }))).rejects.toThrow(
    /^input "digests": sha256:a{64} does not exist in/,
  );
  expect(registry.requests.length).toBeGreaterThan(0);
});

test.each<[string, Record<string, string>, RegExp]>([
  ['dry-run: maybe', { 'dry-run': 'maybe' }, /^input "dry-run": is not a boolean \(value: "maybe"\)/],
  ['an unknown mode', { mode: 'ten' }, /^input "mode": is not one of the accepted values/],
  ['empty digests', { digests: '' }, /^input "digests": no digest to merge/],
  ['a digest that is not sha256', { digests: 'sha256:-1' }, /^input "digests": this is not a sha256 digest/],
  ['an image name with a space', { images: 'ghcr.io/acme/my app', tags: '' }, /^input "images"/],
  ['promote with empty tags', { mode: 'promote', source: 'ghcr.io/acme/app:1', tags: '' }, /^input "tags"/],
  ['an annotation without =', { annotations: 'index:org.opencontainers.image.title' }, /^input "annotations"/],
])('%s fails naming the input, before any registry request', async (_name, inputs, message) => {
  const io = testIO({ inputs: { ...base(), ...inputs } });
  const failure = mergeStep(io);
  await expect(failure).rejects.toThrow(message);
  await expect(failure).rejects.toBeInstanceOf(InputError);
  expect(registry.requests).toEqual([]);
  expect(io.log.lines.filter((line) => !line.startsWith('mask '))).toEqual([]);
});
