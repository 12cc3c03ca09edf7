import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { predicateFromInputs, subjectsFromInputs } from '../../../packages/core/src/attest/index.ts';
import { CLAIMS, ENV } from '../../fixtures/actions-claims.ts';

const A = 'a'.repeat(64);
const none = {
  imageRefs: [],
  subjectName: '',
  subjectDigest: '',
  subjectPaths: [],
  subjectChecksums: '',
  pushToRegistry: false,
};
const noPredicate = { sbomPath: '', predicateType: '', predicate: '', predicatePath: '' };

describe('subject inputs together', () => {
  test('image-refs and subject-name for the same image are one subject', async () => {
    const subjects = await subjectsFromInputs({
      ...none,
      imageRefs: [`ghcr.io/O/App:1@sha256:${A}`],
      subjectName: 'ghcr.io/o/app',
      subjectDigest: `sha256:${A}`,
    });
    expect(subjects).toEqual([{ name: 'ghcr.io/o/app', digest: { sha256: A } }]);
  });
  test('a checksums file adds its lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sums-'));
    writeFileSync(join(dir, 'SHA256SUMS'), `${A}  tool\n`);
    expect(await subjectsFromInputs({ ...none, subjectChecksums: join(dir, 'SHA256SUMS') })).toEqual([
      { name: 'tool', digest: { sha256: A } },
    ]);
  });
  test.each([
    ['name without digest', { subjectName: 'x' }, /input "subject-digest": subject-name needs its digest/],
    ['digest without name', { subjectDigest: `sha256:${A}` }, /input "subject-name": subject-digest needs the name/],
    ['nothing', {}, /nothing to attest/],
    ['unreadable checksums', { subjectChecksums: '/nonexistent' }, /input "subject-checksums": cannot be read/],
  ])('%s', async (_, inputs, message) => {
    await expect(subjectsFromInputs({ ...none, ...inputs })).rejects.toThrow(message);
  });
});

describe('predicate inputs', () => {
  test('provenance by default', async () => {
    expect((await predicateFromInputs(noPredicate, CLAIMS, ENV)).predicate.type).toBe('https://slsa.dev/provenance/v1');
  });
  test('a custom predicate from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pred-'));
    writeFileSync(join(dir, 'p.json'), '{"release":"1.0"}');
    expect(
      await predicateFromInputs(
        { ...noPredicate, predicateType: 'https://example.com/release/v1', predicatePath: join(dir, 'p.json') },
        CLAIMS,
        ENV,
      ),
    ).toEqual({
      predicate: { type: 'https://example.com/release/v1', body: { release: '1.0' } },
      source: join(dir, 'p.json'),
    });
  });
  test.each([
    [
      'sbom-path with predicate',
      { sbomPath: 'x.json', predicate: '{}' },
      /input "sbom-path": an SBOM is the predicate/,
    ],
    ['predicate without type', { predicate: '{}' }, /input "predicate-type": a custom predicate needs its type/],
    [
      'type without predicate',
      { predicateType: 'https://x/y' },
      /input "predicate": predicate-type needs the predicate/,
    ],
    [
      'both predicate and path',
      { predicateType: 'https://x/y', predicate: '{}', predicatePath: 'p.json' },
      /predicate and predicate-path are exclusive/,
    ],
  ])('%s is refused', async (_, inputs, message) => {
    await expect(predicateFromInputs({ ...noPredicate, ...inputs }, CLAIMS, ENV)).rejects.toThrow(message);
  });
});
