import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  finalizeSubjects,
  registryDigest,
  subjectFromNameAndDigest,
  subjectsFromChecksums,
  subjectsFromImageRefs,
  subjectsFromPaths,
  MAX_SUBJECTS,
} from '../../../packages/core/src/attest/index.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('subjects from image-refs', () => {
  test.each([
    ['GHCR name keeps its host, loses its tag', `ghcr.io/Octo-Org/App:1.0@sha256:${A}`, 'ghcr.io/octo-org/app'],
    ['registry port is kept', `127.0.0.1:5000/team/app@sha256:${A}`, '127.0.0.1:5000/team/app'],
    ['Docker Hub short name gets its full name', `nginx@sha256:${A}`, 'docker.io/library/nginx'],
  ])('%s', (_, ref, name) => {
    expect(subjectsFromImageRefs([ref])).toEqual([{ name, digest: { sha256: A } }]);
  });

  test('a ref without digest names the input', () => {
    expect(() => subjectsFromImageRefs(['ghcr.io/o/app:1.0'])).toThrow(/input "image-refs".*has no digest/);
  });
});

describe('subject-name + subject-digest', () => {
  test('an image name is normalized', () => {
    expect(subjectFromNameAndDigest('GHCR.io/Owner/App:latest', `sha256:${A}`)).toEqual({
      name: 'ghcr.io/owner/app',
      digest: { sha256: A },
    });
  });
  test('a file name is kept as given', () => {
    expect(subjectFromNameAndDigest('My-Tool.tar.gz', `sha512:${'c'.repeat(128)}`)).toEqual({
      name: 'My-Tool.tar.gz',
      digest: { sha512: 'c'.repeat(128) },
    });
  });
  test.each([['sha256:abc'], ['md5:' + 'a'.repeat(32)], [A]])('digest %s is refused', (digest) => {
    expect(() => subjectFromNameAndDigest('x', digest)).toThrow(/input "subject-digest"/);
  });
});

describe('subject-checksums', () => {
  test('sha256sum and shasum -b output, comments and blanks', () => {
    const text = `# made by sha256sum\n${A}  app-linux-amd64\n\n${'d'.repeat(128)} *app.zip\n`;
    expect(subjectsFromChecksums(text)).toEqual([
      { name: 'app-linux-amd64', digest: { sha256: A } },
      { name: 'app.zip', digest: { sha512: 'd'.repeat(128) } },
    ]);
  });
  test('a bad line says which', () => {
    expect(() => subjectsFromChecksums(`${A}  ok\nnot a checksum`)).toThrow(/line 2 is not a checksum line/);
  });
});

describe('subject-path globs', () => {
  test('files matched by globs, named by base name, with their sha256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subjects-'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'a.bin'), 'hello');
    writeFileSync(join(dir, 'out', 'b.txt'), 'skip');
    const subjects = await subjectsFromPaths(['out/*.bin'], dir);
    expect(subjects).toEqual([
      { name: 'a.bin', digest: { sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' } },
    ]);
  });
  test('a glob that matches nothing fails', async () => {
    await expect(subjectsFromPaths(['nothing/*'], tmpdir())).rejects.toThrow(/matches no file/);
  });
});

describe('finalizing', () => {
  test('dedupes by (name, digest) and keeps order', () => {
    const s = [
      { name: 'x', digest: { sha256: A } },
      { name: 'y', digest: { sha256: A } },
      { name: 'x', digest: { sha256: A } },
      { name: 'x', digest: { sha256: B } },
    ];
    expect(finalizeSubjects(s).map((x) => `${x.name}:${x.digest.sha256![0]}`)).toEqual(['x:a', 'y:a', 'x:b']);
  });
  test(`more than ${MAX_SUBJECTS} subjects are refused`, () => {
    const many = Array.from({ length: MAX_SUBJECTS + 1 }, (_, i) => ({ name: `f${i}`, digest: { sha256: A } }));
    expect(() => finalizeSubjects(many)).toThrow(/at most 1024 subjects/);
    expect(finalizeSubjects(many.slice(0, MAX_SUBJECTS))).toHaveLength(MAX_SUBJECTS);
  });
  test('no subject at all is an error', () => {
    expect(() => finalizeSubjects([])).toThrow(/nothing to attest/);
  });
  test('a registry push needs sha256', () => {
    expect(registryDigest({ name: 'ghcr.io/o/a', digest: { sha256: A } })).toBe(`sha256:${A}`);
    expect(() => registryDigest({ name: 'ghcr.io/o/a', digest: { sha512: 'c'.repeat(128) } })).toThrow(
      /needs a sha256 digest, and ghcr.io\/o\/a has only sha512/,
    );
  });
});
