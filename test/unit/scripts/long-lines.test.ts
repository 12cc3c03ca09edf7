import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { longLines } from '../../../scripts/long-lines.mjs';

const x = (n: number) => 'x'.repeat(n);

test('lines over 120 characters are listed with their numbers; 120 exactly is fine', () => {
  const text = [x(120), x(121), '', `  const message = '${x(150)}';`].join('\n');
  expect(longLines(text).map((hit: { number: number; length: number }) => [hit.number, hit.length])).toEqual([
    [2, 121],
    [4, 171],
  ]);
});

test('a line long only because of its URL is not listed; one long without it is', () => {
  const url = `https://docs.github.com/en/rest/packages/packages#${x(80)}`;
  expect(longLines(`// ${x(60)} ${url}`)).toEqual([]);
  expect(longLines(`// ${x(125)} ${url}`)).toHaveLength(1);
});

test('characters are counted, not bytes: arrows and accents are one each', () => {
  expect(longLines('→'.repeat(120))).toEqual([]);
});
