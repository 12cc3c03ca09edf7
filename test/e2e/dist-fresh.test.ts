import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { NODE24, REPO_ROOT } from '../harness/run-action.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('the committed dist/ equals a fresh build, file for file', () => {
  const out = mkdtempSync(join(tmpdir(), 'dist-'));
  execFileSync(NODE24, [join(REPO_ROOT, 'scripts/build.mjs'), '--outdir', out], { cwd: REPO_ROOT, stdio: 'pipe' });
  const fresh = files(join(out, 'dist'))
    .map((f) => relative(out, f))
    .sort();
  const committed = files(join(REPO_ROOT, 'dist'))
    .map((f) => relative(REPO_ROOT, f))
    .sort();
  expect(committed).toEqual(fresh);
  for (const file of fresh) {
    expect(
      readFileSync(join(REPO_ROOT, file)).equals(readFileSync(join(out, file))),
      `${file} is stale: run npm run build`,
    ).toBe(true);
  }
});

test('every action.yml runs on node24 and points at a bundle that exists', () => {
  for (const name of readdirSync(join(REPO_ROOT, 'actions'))) {
    const yml = readFileSync(join(REPO_ROOT, 'actions', name, 'action.yml'), 'utf8');
    expect(yml, name).toMatch(/using: node24/);
    expect(yml, name).toContain(`main: ../../dist/${name}/index.js`);
    expect(statSync(join(REPO_ROOT, 'dist', name, 'index.js')).size).toBeGreaterThan(0);
  }
});
