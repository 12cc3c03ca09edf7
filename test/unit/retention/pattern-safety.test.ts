import { expect, test } from 'vitest';
import { checkGlob, checkRegex } from '../../../packages/core/src/retention/pattern-safety.ts';
import { globToRegExp, referrerTagSubject } from '../../../packages/core/src/retention/tag-pattern.ts';

test.each([
  '^v?[0-9]+\\.[0-9]+\\.[0-9]+$',
  '^(main|develop)-[0-9a-f]{7}$',
  '^pr-\\d+$',
  '^(?:v)?\\d+(?:\\.\\d+)?$',
  '^[a-z+*]+$',
  '^(?<major>\\d+)\\.x$',
  '^(ab)?c*$',
])('accepts the safe regex %s', (source) => {
  expect(checkRegex(source)).toEqual({ ok: true });
});

test.each([
  ['(a+)+$', 'repeats inside'],
  ['^(a*)*b', 'repeats inside'],
  ['^(\\d+\\.?)+$', 'repeats inside'],
  ['^((ab)+c)*$', 'repeats inside'],
  ['^(a|aa)+$', 'alternatives'],
  ['^(a|b){2,}$', 'alternatives'],
  ['^(x+){3}$', 'repeats inside'],
  ['^(a)\\1$', 'backreference'],
  ['(', 'not a valid regular expression'],
  ['a'.repeat(300), 'longer than 256'],
  ['', 'empty regex'],
])('refuses %s (%s)', (source, problem) => {
  const result = checkRegex(source);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.problem).toContain(problem);
    expect(result.fix).not.toBe('');
  }
});

test('caps glob length', () => {
  expect(checkGlob('x'.repeat(257)).ok).toBe(false);
  expect(checkGlob('pr-*').ok).toBe(true);
});

test.each([
  ['pr-*', 'pr-12', true],
  ['pr-*', 'pr-', true],
  ['pr-*', 'xpr-1', false],
  ['v1.?', 'v1.2', true],
  ['v1.?', 'v1x2', false],
  ['1.2.3', '1.2.3', true],
  ['1.2.3', '1x2x3', false],
  ['*', 'anything', true],
])('glob %s on %s → %s', (glob, tag, expected) => {
  expect(globToRegExp(glob).test(tag)).toBe(expected);
});

test('referrer tags name their subject', () => {
  const hex = 'a'.repeat(64);
  expect(referrerTagSubject(`sha256-${hex}`)).toBe(`sha256:${hex}`);
  expect(referrerTagSubject(`sha256-${hex}.sig`)).toBe(`sha256:${hex}`);
  expect(referrerTagSubject('sha256-abc')).toBeUndefined();
  expect(referrerTagSubject('latest')).toBeUndefined();
});
