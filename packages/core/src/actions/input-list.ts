import { parse } from 'csv-parse/sync';

export interface InputListOptions {
  /** A comma inside an entry belongs to it (`type=registry,ref=…`); otherwise commas split too. */
  ignoreComma?: boolean;
  /** Lines starting with this character are comments. */
  comment?: string;
  /** false: quotes are plain text (buildx's own CSV in `outputs` needs its quotes kept). */
  quote?: boolean;
  /** false: entries keep their surrounding whitespace (a secret's value may end in a newline). */
  trimWhitespace?: boolean;
}

/**
 * A list input as docker's actions read it (docker/actions-toolkit's Util.getList): each line a
 * CSV record, so a quoted entry may hold commas or span lines (`"MULTILINE=a\nb"` is one build
 * arg); blank lines are skipped.
 * https://csv.js.org/parse/options/
 */
export function parseInputList(text: string, options: InputListOptions = {}): string[] {
  if (text === '') return [];
  const records = parse(text, {
    columns: false,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    ...(options.comment && { comment: options.comment, comment_no_infix: true }),
    ...(options.quote === false && { quote: false }),
  }) as string[][];
  const items = records.flatMap((record) => {
    if (options.ignoreComma) return [record.join(',')];
    return record.length === 1 ? record[0]!.split(',') : record;
  });
  return items
    .filter((item) => item)
    .map((item) => (options.trimWhitespace === false ? item : item.trim()))
    .filter(Boolean);
}

/**
 * The list reading the other actions share: one item per line, and for inputs that allow it
 * commas too (`linux/amd64,linux/arm64`); lines starting with `#` are comments; quoted entries
 * keep their commas and line breaks.
 */
export function splitInputList(text: string, options: { commas?: boolean } = {}): string[] {
  return parseInputList(text.replace(/\r\n/g, '\n'), { ignoreComma: !options.commas, comment: '#' });
}
