// `npm run bench`: every benchmark in this folder, one after the other (they share 2 cores
// with nothing else). Each prints ratios measured within its own run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const dir = new URL('.', import.meta.url).pathname;
// `npm run bench -- merge cleanup` runs only those; BENCH_<NAME>_ARGS passes arguments to one.
const only = process.argv.slice(2);
let failed = false;
for (const file of readdirSync(dir)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .sort()) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  process.stdout.write(`\n== ${file}\n`);
  // TypeScript benches import the core straight from source; parameter properties need the
  // transform mode, not plain type stripping.
  const flags = file.endsWith('.ts') ? ['--experimental-transform-types', '--no-warnings'] : [];
  const name = file.slice(0, file.indexOf('.')).toUpperCase();
  const args = (process.env[`BENCH_${name}_ARGS`] ?? '').split(' ').filter(Boolean);
  const result = spawnSync(process.execPath, [...flags, dir + file, ...args], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
