// Lists the code lines over 120 characters in packages/, actions/, publish/, test/ and
// scripts/: prettier wraps code at 120 columns but never splits a string, so what it leaves
// long is a message or a template waiting to be broken up by hand. A line that is long only
// because of a URL is fine (a link must stay whole to be followed).
// `node scripts/long-lines.mjs` lists them and exits 1 when there are any; `--count` prints the number.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const LIMIT = 120;
const FOLDERS = ['packages/', 'actions/', 'publish/', 'test/', 'scripts/'];
const CODE = /\.(ts|mts|cts|js|mjs|cjs|sh)$/;
const URL_PATTERN = /\bhttps?:\/\/\S+/g;

/** Lines of `text` longer than the limit once URLs are left out, with their 1-based numbers. */
export function longLines(text) {
  return text
    .split('\n')
    .map((line, at) => ({ number: at + 1, line, length: [...line].length }))
    .filter(({ line, length }) => length > LIMIT && [...line.replace(URL_PATTERN, '')].length > LIMIT);
}

function trackedCode(root) {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', ...FOLDERS], {
    cwd: root,
    encoding: 'utf8',
  });
  return listed.split('\0').filter((path) => CODE.test(path));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const found = trackedCode(root).flatMap((path) =>
    longLines(readFileSync(`${root}${path}`, 'utf8')).map((hit) => ({ path, ...hit })),
  );
  if (process.argv.includes('--count')) console.log(found.length);
  else for (const { path, number, length } of found) console.log(`${path}:${number}: ${length} characters`);
  process.exit(found.length ? 1 : 0);
}
