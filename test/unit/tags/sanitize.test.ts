import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { isValidTag } from '../../../packages/core/src/reference/index.ts';
import { MAX_TAG_LENGTH, sanitizeTag } from '../../../packages/core/src/tags/index.ts';
import { tagValues } from './tag-results.ts';

describe('sanitizeTag', () => {
  test.each<[string, string, string]>([
    ['a slash becomes -', 'feat/new-feature', 'feat-new-feature'],
    ['a run of bad characters becomes one -', 'a @#$ b', 'a-b'],
    ['leading . and - go', '.-.hidden', 'hidden'],
    ['a leading _ stays (tags may start with it)', '_x', '_x'],
    ['valid tags are unchanged', 'v1.2.3_rc-1', 'v1.2.3_rc-1'],
    ['nothing usable gives empty', '/./', ''],
    ['non-ASCII letters are replaced', 'café', 'caf-'],
  ])('%s', (_name, value, expected) => {
    expect(sanitizeTag(value)).toBe(expected);
  });

  test('a value over 128 characters is cut and ends with - and a short hash', () => {
    const tag = sanitizeTag('x'.repeat(200));
    expect(tag).toHaveLength(MAX_TAG_LENGTH);
    expect(tag).toMatch(/^x{119}-[0-9a-f]{8}$/);
  });

  test('two long values sharing a prefix stay distinct', () => {
    const prefix = 'feature-'.repeat(20);
    expect(sanitizeTag(`${prefix}one`)).not.toBe(sanitizeTag(`${prefix}two`));
  });

  test('property: always a valid tag (or empty when nothing usable is left), at most 128 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (value) => {
        const tag = sanitizeTag(value);
        expect(tag.length).toBeLessThanOrEqual(MAX_TAG_LENGTH);
        expect(tag === '' || isValidTag(tag)).toBe(true);
        expect(tag === '').toBe(!/[A-Za-z0-9_]/.test(value));
      }),
      { numRuns: 2000 },
    );
  });

  test('property: deterministic and idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        const tag = sanitizeTag(value);
        expect(sanitizeTag(value)).toBe(tag);
        expect(sanitizeTag(tag)).toBe(tag);
      }),
      { numRuns: 1000 },
    );
  });

  test('property: values of valid characters longer than 128 give distinct tags', () => {
    const long = fc.stringMatching(/^[a-z0-9]{129,200}$/);
    fc.assert(
      fc.property(long, long, (a, b) => {
        fc.pre(a !== b);
        expect(sanitizeTag(a)).not.toBe(sanitizeTag(b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('tags are valid by construction', () => {
  test('property: any branch name gives valid tags through ref, raw and sha rules', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/._@#+-]{0,250}$/), (branch) => {
        const tags = tagValues('push-branch', 'type=ref,event=branch\ntype=sha,prefix={{branch}}-', '', {
          GITHUB_REF: `refs/heads/${branch}`,
        });
        for (const tag of tags) expect(isValidTag(tag)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('a long branch name is cut to 128 characters', () => {
    const branch = `feature/${'very-long-name-'.repeat(12)}`;
    const [tag] = tagValues('push-branch', 'type=ref,event=branch', '', { GITHUB_REF: `refs/heads/${branch}` });
    expect(tag).toHaveLength(128);
    expect(tag?.startsWith('feature-very-long-name-')).toBe(true);
  });
});

describe('collisions after sanitizing', () => {
  test('two rules whose different values become the same tag are an error naming both', () => {
    let error: unknown;
    try {
      tagValues('push-branch', 'type=ref,event=branch\ntype=raw,value=feat-x', '', { GITHUB_REF: 'refs/heads/feat/x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    expect(message).toContain('"feat/x"');
    expect(message).toContain('"feat-x"');
    expect(message).toContain('type=ref,event=branch');
    expect(message).toContain('type=raw,value=feat-x');
  });

  test('the same value from two rules is deduped, as upstream', () => {
    expect(
      tagValues('push-branch', 'type=ref,event=branch\ntype=raw,value={{branch}}', '', {
        GITHUB_REF: 'refs/heads/feat/x',
      }),
    ).toEqual(['feat-x']);
  });
});
