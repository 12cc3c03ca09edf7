import { expect, test } from 'vitest';
import { formatDuration, parseDuration } from '../../../packages/core/src/retention/duration.ts';

const DAY = 86_400_000;

test.each([
  ['90 days', 90 * DAY],
  ['1 day', DAY],
  ['12h', 12 * 3_600_000],
  ['1h 30m', 90 * 60_000],
  ['2 weeks', 14 * DAY],
  ['7d', 7 * DAY],
  ['1.5 hours', 90 * 60_000],
  ['  30 Minutes ', 30 * 60_000],
])('reads %s', (text, ms) => {
  expect(parseDuration(text)).toEqual({ ok: true, ms });
});

test.each([
  ['', 'is empty'],
  ['soon', 'cannot read'],
  ['3 fortnights', 'not a unit'],
  ['1 month', 'no fixed length'],
  ['2 years', 'no fixed length'],
  ['-1 day', 'cannot read'],
])('refuses %j with a reason', (text, problem) => {
  const result = parseDuration(text);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.problem).toContain(problem);
});

test.each([
  [90 * DAY, '90 days'],
  [DAY, '1 day'],
  [12 * 3_600_000, '12h'],
  [90 * 60_000, '1h 30m'],
  [0, '0s'],
])('formats %d as %s', (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});
