import { describe, expect, test } from 'vitest';
import { parseMergeInputs, type ListDirectory } from '../../../packages/core/src/steps/merge/index.ts';

const hex = 'a'.repeat(64);
const noDirs: ListDirectory = () => undefined;
const parse = (raw: Record<string, string>, dirs: ListDirectory = noDirs) =>
  parseMergeInputs((name) => raw[name] ?? '', dirs);

describe('merge step inputs, all read before any request', () => {
  test("source alone means promote, and says so; bare tags go to the source's own repository", () => {
    const inputs = parse({ source: 'ghcr.io/o/app:1.2.3', tags: 'stable' });
    expect(inputs.mode).toBe('promote');
    expect(inputs.modeReason).toBe('promote: source is set and no digests are');
    expect(inputs.source).toEqual({ registry: 'ghcr.io', repository: 'o/app', tag: '1.2.3' });
    expect(inputs.targets).toEqual([{ image: { registry: 'ghcr.io', repository: 'o/app' }, tags: ['stable'] }]);
  });

  test('source with a full tag promotes into that image', () => {
    const inputs = parse({ source: 'ghcr.io/o/app:1.2.3', tags: 'ghcr.io/o/app:stable' });
    expect(inputs.targets).toEqual([{ image: { registry: 'ghcr.io', repository: 'o/app' }, tags: ['stable'] }]);
  });

  test.each([
    [
      'mode: merge with a source',
      { mode: 'merge', source: 'ghcr.io/o/app:1', digests: hex, images: 'ghcr.io/o/app' },
      /^input "source": is only read with mode: promote .*Set mode: promote/,
    ],
    [
      'a source beside digests, no mode',
      { source: 'ghcr.io/o/app:1', digests: hex, images: 'ghcr.io/o/app' },
      /^input "source": is given beside digests\/digests-dir/,
    ],
    [
      'no digest and no source',
      { images: 'ghcr.io/o/app' },
      /^input "digests": no digest to merge .*Set digests or digests-dir, or set source \(with mode: promote\)/,
    ],
    [
      'a digests-dir that does not exist',
      { images: 'ghcr.io/o/app', 'digests-dir': '/tmp/nowhere' },
      /^input "digests-dir": the directory does not exist \(value: "\/tmp\/nowhere"\)/,
    ],
    [
      'promote without a tag to add',
      { source: 'ghcr.io/o/app:1' },
      /^input "tags": promote needs at least one tag to add/,
    ],
    [
      'promote of a name without tag or digest',
      { mode: 'promote', source: 'ghcr.io/o/app', tags: 'x' },
      /^input "source": the source needs a tag or a digest/,
    ],
    [
      'dry-run that is not a boolean',
      { 'dry-run': 'yes', source: 'ghcr.io/o/app:1', tags: 'x' },
      /^input "dry-run": is not a boolean/,
    ],
    ['a mode that does not exist', { mode: 'copy' }, /^input "mode": is not one of the accepted values/],
  ])('%s fails naming the input', (_name, raw, message) => {
    expect(() => parse(raw)).toThrow(message);
  });

  test('digests-dir entries join the digests', () => {
    const inputs = parse({ images: 'ghcr.io/o/app', 'digests-dir': '/d' }, (dir) => (dir === '/d' ? [hex] : undefined));
    expect(inputs.mode).toBe('merge');
    expect(inputs.digests).toEqual([{ digest: `sha256:${hex}`, raw: `/d/${hex}` }]);
  });
});
