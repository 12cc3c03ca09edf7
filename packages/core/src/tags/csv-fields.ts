/**
 * Splits one rule line into fields the way upstream's CSV reading does: commas separate
 * fields, and a field wrapped in double quotes may hold commas (`"pattern=\d{1,3}"`), with
 * `""` for a literal quote. Returns undefined for an unterminated quote.
 */
export function splitFields(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= line.length) return undefined;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += line[i++];
      }
      const comma = line.indexOf(',', i);
      const trailing = line.slice(i, comma < 0 ? line.length : comma);
      if (trailing.trim() !== '') return undefined;
      fields.push(text);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      fields.push(line.slice(i, comma < 0 ? line.length : comma));
      i = comma < 0 ? line.length + 1 : comma + 1;
    }
  }
  return fields;
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
