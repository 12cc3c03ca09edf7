import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from '../harness/run-action.ts';

const KB = 1024;

/** Bytes of each bundle on main on 2026-12-04 (commit f8ae51c), before issue 17. */
const BEFORE_ISSUE_17 = { scan: 2_515_421, attest: 1_538_280, cleanup: 2_571_712, publish: 3_580_945 };

// Issue 17's budgets: the three small actions by size, the four heavy ones by what they shed.
const BUDGETS: Record<string, number> = {
  meta: 100 * KB,
  build: 150 * KB,
  merge: 300 * KB,
  ...Object.fromEntries(Object.entries(BEFORE_ISSUE_17).map(([name, bytes]) => [name, bytes - 400 * KB])),
};

// The bundles as `.ci/run` builds them before the tests (npm run build).
test.each(Object.entries(BUDGETS))('dist/%s/index.js stays within %d bytes', (name, budget) => {
  const size = statSync(join(REPO_ROOT, 'dist', name, 'index.js')).size;
  const why =
    `dist/${name}/index.js is ${(size / KB).toFixed(0)} KiB, over its ${(budget / KB).toFixed(0)} KiB budget; ` +
    `node scripts/bundle-weights.mjs ${name} --why zod shows what holds it`;
  expect(size, why).toBeLessThanOrEqual(budget);
});

// Full zod, or `import { z } from 'zod/mini'` (a namespace object esbuild cannot shake), pulls in
// every zod locale: about 400 KB of messages in 60 languages that no action prints.
const LOCALE_TEXTS = ['Too small: expected', 'Ungültige Eingabe'];

test.each(['attest', 'build', 'cleanup', 'cli', 'merge', 'meta', 'publish', 'scan', 'sign'])(
  "dist/%s/index.js carries none of zod's message locales",
  (name) => {
    const text = readFileSync(join(REPO_ROOT, 'dist', name, 'index.js'), 'utf8');
    const found = LOCALE_TEXTS.filter((marker) => text.includes(marker));
    expect(found, `dist/${name}/index.js holds zod locales; import zod/mini as \`import * as z\``).toEqual([]);
  },
);
