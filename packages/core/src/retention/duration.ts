/**
 * Durations as people write them in a retention policy: `90 days`, `1 day`, `12h`, `1h 30m`,
 * `2 weeks`. Months and years are refused: their length varies, and a retention rule that
 * deletes a day early is a bug report.
 */
const UNIT_MS: Record<string, number> = {
  s: 1_000,
  sec: 1_000,
  secs: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

export type DurationResult = { ok: true; ms: number } | { ok: false; problem: string; fix: string };

const FIX = "Write a number and a unit, e.g. '90 days', '1 day', '12h', '2 weeks' (units: s, m, h, d, w).";

export function parseDuration(text: string): DurationResult {
  const source = text.trim().toLowerCase();
  if (source === '') return { ok: false, problem: 'is empty', fix: FIX };
  if (source.length > 64) return { ok: false, problem: 'is too long for a duration', fix: FIX };
  const token = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?\s*/y;
  let ms = 0;
  let at = 0;
  while (at < source.length) {
    token.lastIndex = at;
    const match = token.exec(source);
    if (!match) return { ok: false, problem: `cannot read "${source.slice(at)}" as a duration`, fix: FIX };
    const [, amount, unit] = match;
    if (/^(mo|month|months|y|yr|year|years)$/.test(unit!)) {
      return { ok: false, problem: `"${unit}" has no fixed length`, fix: 'Use days instead (e.g. 30 days, 365 days).' };
    }
    const factor = UNIT_MS[unit!];
    if (factor === undefined) return { ok: false, problem: `"${unit}" is not a unit of time`, fix: FIX };
    ms += Number(amount) * factor;
    at = token.lastIndex;
  }
  return { ok: true, ms: Math.round(ms) };
}

/** The shortest readable form, for plan reasons: 90 days, 12h, 1h 30m. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % 86_400_000 === 0) return `${ms / 86_400_000} day${ms === 86_400_000 ? '' : 's'}`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ') || '0s';
}
