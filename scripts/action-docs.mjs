// Writes the inputs and outputs tables of actions/<name>/README.md from its action.yml, so
// the reference a user reads is the one the runner enforces. Only the text between the
// markers is generated; worked examples and notes around it are written by hand and kept.
//
//   node scripts/action-docs.mjs           rewrite every README whose tables are stale
//   node scripts/action-docs.mjs --check   list stale READMEs and exit 1 (what CI runs)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

export const START =
  '<!-- action-docs:start (generated from action.yml by `npm run docs`; edit action.yml, not this table) -->';
export const END = '<!-- action-docs:end -->';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Table cell text: one line, pipes escaped, so a multi-line description cannot break the table. */
function cell(text) {
  // `<hex>` would otherwise be taken for an HTML tag and vanish on GitHub.
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .trim();
}

function code(text) {
  const value = String(text);
  // A backtick inside the value needs a longer fence.
  const fence = value.includes('`') ? '``' : '`';
  return `${fence}${value}${fence}`;
}

/** The generated block, markers included, for one action.yml's text. */
export function renderTables(actionYmlText) {
  const action = parse(actionYmlText) ?? {};
  const lines = [START, '', '### Inputs', ''];
  const inputs = Object.entries(action.inputs ?? {});
  if (inputs.length === 0) lines.push('This action takes no inputs.');
  else {
    lines.push('| name | default | description |', '|---|---|---|');
    for (const [name, spec] of inputs) {
      const fallback =
        spec?.default === undefined || spec.default === '' ? (spec?.required ? '*required*' : '') : code(spec.default);
      lines.push(`| \`${name}\` | ${fallback} | ${cell(spec?.description)} |`);
    }
  }
  lines.push('', '### Outputs', '');
  const outputs = Object.entries(action.outputs ?? {});
  if (outputs.length === 0) lines.push('This action sets no outputs.');
  else {
    lines.push('| name | description |', '|---|---|');
    for (const [name, spec] of outputs) lines.push(`| \`${name}\` | ${cell(spec?.description)} |`);
  }
  lines.push('', END);
  return lines.join('\n');
}

/**
 * The README as it should be: the existing text with the block between the markers replaced,
 * or, for an action without a README yet, a title, the description and the block.
 */
export function renderReadme(actionYmlText, existing) {
  const tables = renderTables(actionYmlText);
  if (existing === undefined) {
    const action = parse(actionYmlText) ?? {};
    return `# ${action.name ?? 'action'}\n\n${cell(action.description)}\n\n${tables}\n`;
  }
  const start = existing.indexOf(START.slice(0, START.indexOf(' (')));
  const end = existing.indexOf(END);
  if (start < 0 || end < start) return `${existing.trimEnd()}\n\n${tables}\n`;
  return existing.slice(0, start) + tables + existing.slice(end + END.length);
}

/** Every actions/<name>/README.md with its current and expected text. */
export function actionReadmes(base = root) {
  const dir = join(base, 'actions');
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'action.yml')))
    .map((name) => {
      const path = join(dir, name, 'README.md');
      const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      return {
        name,
        path,
        current,
        expected: renderReadme(readFileSync(join(dir, name, 'action.yml'), 'utf8'), current),
      };
    });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const check = process.argv.includes('--check');
  const stale = actionReadmes().filter((r) => r.current !== r.expected);
  for (const readme of stale) {
    if (check) console.error(`stale: actions/${readme.name}/README.md (run npm run docs)`);
    else {
      writeFileSync(readme.path, readme.expected);
      console.log(`wrote actions/${readme.name}/README.md`);
    }
  }
  if (check && stale.length > 0) process.exit(1);
}
