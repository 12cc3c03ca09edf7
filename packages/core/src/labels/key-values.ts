import { InputError } from '../errors/index.ts';

/** Splits `key=value` lines; the value may itself hold `=`. A line without `=` is an error. */
export function parseKeyValues(lines: string[], input: string): Array<[string, string]> {
  return lines.map((line) => parseKeyValue(line, input));
}

export function parseKeyValue(line: string, input: string): [string, string] {
  const eq = line.indexOf('=');
  if (eq <= 0)
    throw new InputError(
      input,
      line,
      'the line is not key=value',
      'Write one key=value per line, e.g. org.opencontainers.image.vendor=Acme.',
    );
  return [line.slice(0, eq).trim(), line.slice(eq + 1)];
}

/**
 * docker/metadata-action's reading of `labels` and `annotations`: a line without `=` (or
 * with nothing before it) is dropped, not an error, so a workflow that worked there keeps
 * working; `warn` names each dropped line. `foo=` is `foo` with an empty value.
 */
export function parseLabelLines(lines: string[], input: string, warn: (line: string) => void): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const line of lines) {
    if (line.indexOf('=') > 0) entries.push(parseKeyValue(line, input));
    else warn(`${input}: "${line}" is not key=value and is ignored; write e.g. org.opencontainers.image.vendor=Acme`);
  }
  return entries;
}

/** Later entries override earlier ones; the result is sorted by key, as docker/metadata-action does. */
export function mergeSorted(entries: Array<[string, string]>): Array<[string, string]> {
  return [...new Map(entries)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
