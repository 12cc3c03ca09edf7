import { ExpressionError } from './expression-error.ts';

// The moment.js format tokens metadata-action users write in {{date '…'}}, rendered with
// Intl so we ship no date library. Token meanings: https://momentjs.com/docs/#/displaying/format/
// Moment's default locale is English, so names are English whatever the runner's locale.
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Moment's format when none is given: `Z` for UTC, else the offset.
 * https://momentjs.com/docs/#/displaying/format/ (defaultFormat, defaultFormatUtc)
 */
const DEFAULT_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ';
const DEFAULT_FORMAT_UTC = 'YYYY-MM-DDTHH:mm:ss[Z]';

interface Fields {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
  epochMs: number;
}

const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');
const offset = (minutes: number, colon: boolean): string => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${colon ? ':' : ''}${pad(abs % 60, 2)}`;
};
const ordinal = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};
const hour12 = (h: number): number => (h % 12 === 0 ? 12 : h % 12);

// Longest first, so `YYYY` wins over `YY` and `MMMM` over `MM`.
const TOKENS: Array<[string, (f: Fields) => string]> = [
  ['YYYY', (f) => pad(f.year, 4)],
  ['YY', (f) => pad(f.year % 100, 2)],
  ['Q', (f) => String(Math.ceil(f.month / 3))],
  ['MMMM', (f) => MONTHS[f.month - 1] ?? ''],
  ['MMM', (f) => (MONTHS[f.month - 1] ?? '').slice(0, 3)],
  ['MM', (f) => pad(f.month, 2)],
  ['M', (f) => String(f.month)],
  ['DD', (f) => pad(f.day, 2)],
  ['Do', (f) => ordinal(f.day)],
  ['D', (f) => String(f.day)],
  ['dddd', (f) => WEEKDAYS[f.weekday] ?? ''],
  ['ddd', (f) => (WEEKDAYS[f.weekday] ?? '').slice(0, 3)],
  ['dd', (f) => (WEEKDAYS[f.weekday] ?? '').slice(0, 2)],
  ['d', (f) => String(f.weekday)],
  ['HH', (f) => pad(f.hour, 2)],
  ['H', (f) => String(f.hour)],
  ['hh', (f) => pad(hour12(f.hour), 2)],
  ['h', (f) => String(hour12(f.hour))],
  ['kk', (f) => pad(f.hour === 0 ? 24 : f.hour, 2)],
  ['k', (f) => String(f.hour === 0 ? 24 : f.hour)],
  ['mm', (f) => pad(f.minute, 2)],
  ['m', (f) => String(f.minute)],
  ['ss', (f) => pad(f.second, 2)],
  ['s', (f) => String(f.second)],
  ['SSS', (f) => pad(f.millisecond, 3)],
  ['SS', (f) => pad(Math.floor(f.millisecond / 10), 2)],
  ['S', (f) => String(Math.floor(f.millisecond / 100))],
  ['A', (f) => (f.hour < 12 ? 'AM' : 'PM')],
  ['a', (f) => (f.hour < 12 ? 'am' : 'pm')],
  ['ZZ', (f) => offset(f.offsetMinutes, false)],
  ['Z', (f) => offset(f.offsetMinutes, true)],
  ['X', (f) => String(Math.floor(f.epochMs / 1000))],
  ['x', (f) => String(f.epochMs)],
];
// Letters moment treats as tokens that we do not render: refusing them beats printing a
// literal letter where the user expected, say, an ISO week number.
const RESERVED = new Set('YQMDdEeWwGgHhkmsSaAZzXxLlN'.split(''));

/** Formats `date` in `timeZone` (IANA name, default UTC) with a moment.js format string (or moment's default). */
export function formatDate(date: Date, givenFormat: string | undefined, timeZone = 'UTC'): string {
  const fields = fieldsIn(date, timeZone);
  const format = givenFormat ?? (fields.offsetMinutes === 0 ? DEFAULT_FORMAT_UTC : DEFAULT_FORMAT);
  let out = '';
  let i = 0;
  outer: while (i < format.length) {
    const ch = format[i] ?? '';
    if (ch === '[') {
      const close = format.indexOf(']', i + 1);
      if (close >= 0) {
        out += format.slice(i + 1, close);
        i = close + 1;
        continue;
      }
    }
    for (const [token, render] of TOKENS) {
      if (format.startsWith(token, i)) {
        out += render(fields);
        i += token.length;
        continue outer;
      }
    }
    if (RESERVED.has(ch)) {
      throw new ExpressionError(
        `the date format token at "${format.slice(i)}" is not supported`,
        'Use YYYY, YY, Q, MMMM, MMM, MM, M, DD, Do, D, dddd, ddd, dd, d, HH, H, hh, h, kk, k, mm, m, ' +
          'ss, s, SSS, SS, S, A, a, Z, ZZ, X, x, and [text] for literal letters.',
      );
    }
    out += ch;
    i++;
  }
  return out;
}

function fieldsIn(date: Date, timeZone: string): Fields {
  const epochMs = date.getTime();
  if (Number.isNaN(epochMs))
    throw new ExpressionError('the date is not valid', 'Check SOURCE_DATE_EPOCH and the commit date.');
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      era: 'short',
    }).formatToParts(date);
  } catch {
    throw new ExpressionError(
      `"${timeZone}" is not a known time zone`,
      "Use an IANA time zone name such as tz='Europe/Paris' or tz='UTC'.",
    );
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const bc = part('era') === 'BC';
  const year = bc ? 1 - Number(part('year')) : Number(part('year'));
  const month = Number(part('month'));
  const day = Number(part('day'));
  const hour = Number(part('hour'));
  const minute = Number(part('minute'));
  const second = Number(part('second'));
  const millisecond = ((epochMs % 1000) + 1000) % 1000;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const offsetMinutes = Math.round((wall - epochMs) / 60000);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday, hour, minute, second, millisecond, offsetMinutes, epochMs };
}
