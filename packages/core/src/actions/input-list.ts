/**
 * Splits a list input the way docker's actions do: one item per line, and for inputs that allow
 * it, commas too (`linux/amd64,linux/arm64`). Lines starting with `#` are comments, blank
 * lines are skipped. Quoted commas (`"a,b"`) are kept inside one item.
 */
export function splitInputList(text: string, options: { commas?: boolean } = {}): string[] {
  const items: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    if (options.commas) items.push(...splitCommas(trimmed));
    else items.push(trimmed);
  }
  return items.map((item) => item.trim()).filter(Boolean);
}

function splitCommas(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out;
}
