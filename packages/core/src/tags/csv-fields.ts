import { parse } from 'csv-parse/sync';

/**
 * Splits one rule line into fields with csv-parse and the options docker/metadata-action
 * gives it, so quoting behaves as there: a field wrapped in double quotes may hold commas
 * (`"pattern=\\d{1,3}"`), `""` is a literal quote, and a quote that opens mid-field or never
 * closes is an error. Returns csv-parse's message for a line it refuses.
 * https://csv.js.org/parse/options/
 */
export function splitFields(line: string): string[] | Error {
  try {
    const records = parse(line, { relaxColumnCount: true, skipEmptyLines: true }) as string[][];
    return records[0] ?? [];
  } catch (error) {
    return error as Error;
  }
}

/** `key=value` with the key lowercased; only the first `=` separates, so values may hold `=`. */
export function splitField(field: string): { key: string; value: string } | { value: string; key?: undefined } {
  const eq = field.indexOf('=');
  if (eq < 0) return { value: field.trim() };
  return { key: field.slice(0, eq).trim().toLowerCase(), value: field.slice(eq + 1).trim() };
}

/** Input lines that carry content: blank lines and `#` comment lines are skipped, as upstream. */
export function contentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
