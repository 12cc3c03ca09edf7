import { describe, expect, test } from 'vitest';
import type { ReadInput } from '../../../packages/core/src/actions/index.ts';
import { parseSignInputs } from '../../../packages/core/src/steps/sign/index.ts';

const reader =
  (inputs: Record<string, string>): ReadInput =>
  (name) =>
    inputs[name] ?? '';
const D = `sha256:${'c'.repeat(64)}`;

describe('sign inputs', () => {
  test('image-refs become normalized digests; the defaults are bundle, no per-platform, auto', () => {
    const inputs = parseSignInputs(
      reader({ 'image-refs': `ghcr.io/Octo/App:v1@${D}\nlocalhost:5000/x@${D}` }),
      'https://github.com',
    );
    expect(inputs.images).toEqual([
      { registry: 'ghcr.io', repository: 'octo/app', digest: D },
      { registry: 'localhost:5000', repository: 'x', digest: D },
    ]);
    expect(inputs).toMatchObject({
      format: 'bundle',
      perPlatform: false,
      showSummary: true,
      sigstore: { choice: 'auto' },
    });
  });

  test('images handed over by publish replace image-refs', () => {
    const pushed = [{ registry: 'ghcr.io', repository: 'o/a', digest: D }];
    expect(parseSignInputs(reader({}), 'https://github.com', pushed).images).toBe(pushed);
  });

  test.each([
    [{ 'image-refs': 'ghcr.io/o/a:v1' }, 'input "image-refs": has no digest'],
    [{}, 'input "image-refs": there is nothing to sign'],
    [
      { 'image-refs': `ghcr.io/o/a@${D}`, 'signature-format': 'legacy' },
      'input "signature-format": is not one of the accepted values',
    ],
    [{ 'image-refs': `ghcr.io/o/a@${D}`, 'show-summary': 'no' }, 'input "show-summary": is not a boolean'],
    [
      { 'image-refs': `ghcr.io/o/a@${D}`, sigstore: 'custom' },
      'input "fulcio-url": sigstore: custom needs a Fulcio URL',
    ],
    [{ 'image-refs': `ghcr.io/o/a@${D}`, sigstore: 'public-good' }, undefined],
  ])('%j', (inputs, message) => {
    const parse = () => parseSignInputs(reader(inputs), 'https://github.com');
    if (message) expect(parse).toThrow(message);
    else expect(parse).not.toThrow();
  });

  test('a GHE.com tenant cannot sign on public-good, said before any request', () => {
    expect(() =>
      parseSignInputs(reader({ 'image-refs': `ghcr.io/o/a@${D}`, sigstore: 'public-good' }), 'https://acme.ghe.com'),
    ).toThrow(/GHE.com tenant \(acme\)/);
  });
});
