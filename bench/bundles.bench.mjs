// Every action bundle: its size, and its cold start measured as a run that stops on a missing
// required input (no INPUT_* set), against a bare `node -e 0`, alternated in one run so both
// see the same machine, in a clean environment (bench/process-run.mjs).
// `BENCH_RUNS=20 npm run bench -- bundles`; `node bench/bundles.bench.mjs scan merge` for some.
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, median, runnerEnv, timedRun as run } from './process-run.mjs';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.env.BENCH_RUNS ?? 10);
const only = process.argv.slice(2);
const names = readdirSync(join(root, 'dist'))
  .filter((name) => name !== 'cli' && existsSync(join(root, 'dist', name, 'index.js')))
  .filter((name) => only.length === 0 || only.includes(name));

const work = mkdtempSync(join(tmpdir(), 'bundles-bench-'));
// No inputs: each action must stop at its first required one.
const env = runnerEnv(work);
const rows = [];
for (const name of names) {
  const bundle = join(root, 'dist', name, 'index.js');
  const bare = [];
  const action = [];
  run(['-e', '0'], cleanEnv);
  const first = run([bundle], env).result;
  for (let i = 0; i < runs; i++) {
    bare.push(run(['-e', '0'], cleanEnv).ms);
    action.push(run([bundle], env).ms);
  }
  const error = `${first.stdout}`.split('\n').find((line) => line.startsWith('::error::')) ?? '';
  const stop =
    first.status === 0
      ? 'ran to its end (no required input)'
      : error.slice('::error::'.length, 90) || `exit ${first.status}`;
  rows.push({ name, kib: statSync(bundle).size / 1024, ms: median(action), bare: median(bare), stop });
}

console.log(`node ${process.version}, ${runs} alternating runs per bundle; cold start = a run without inputs`);
// Columns: bundle, size, start, bare, ratio, then what the run stopped at.
const WIDTHS = [-9, 10, 9, 8, 6];
const tableRow = (cells, last) =>
  `${cells.map((cell, i) => (WIDTHS[i] < 0 ? cell.padEnd(-WIDTHS[i]) : cell.padStart(WIDTHS[i]))).join(' ')}  ${last}`;
console.log(tableRow(['bundle', 'size', 'start', 'bare', 'ratio'], 'stops at'));
for (const row of rows) {
  const ms = (value) => `${value.toFixed(0)} ms`;
  const cells = [row.name, `${row.kib.toFixed(0)} KiB`, ms(row.ms), ms(row.bare), `${(row.ms / row.bare).toFixed(2)}x`];
  console.log(tableRow(cells, row.stop));
}
