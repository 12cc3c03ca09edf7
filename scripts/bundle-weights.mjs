// What makes each bundle heavy: builds every bundle into a scratch folder with esbuild's
// metafile and prints, per bundle, its size and the packages (or core folders) that hold the
// most bytes of it; `--why PACKAGE` adds the chain of imports that pulls that package in.
// `node scripts/bundle-weights.mjs [name…] [--top N] [--why zod]`
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 12;
const whyAt = args.indexOf('--why');
const why = whyAt >= 0 ? args[whyAt + 1] : undefined;
const values = new Set([topAt, whyAt].filter((at) => at >= 0).map((at) => at + 1));
const only = args.filter((arg, i) => !arg.startsWith('--') && !values.has(i));

const scratch = mkdtempSync(join(tmpdir(), 'ghcr-kit-weights-'));
const metaDir = join(scratch, 'meta');
const build = new URL('./build.mjs', import.meta.url).pathname;
const run = spawnSync(process.execPath, [build, '--outdir', scratch, '--metafile', metaDir], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

/** node_modules/@scope/name/… → @scope/name; packages/core/src/<domain>/… → core/<domain>. */
function groupOf(path) {
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = path.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const core = /packages\/core\/src\/([^/]+)\//.exec(path);
  return core ? `core/${core[1]}` : path;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
for (const file of readdirSync(metaDir).sort()) {
  const name = file.replace(/\.json$/, '');
  if (only.length && !only.some((wanted) => name.startsWith(wanted))) continue;
  const metafile = JSON.parse(readFileSync(join(metaDir, file), 'utf8'));
  const [output] = Object.values(metafile.outputs);
  const groups = new Map();
  for (const [path, input] of Object.entries(output.inputs)) {
    groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + input.bytesInOutput);
  }
  const ranked = [...groups].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`\n${name}: ${kb(output.bytes)}`);
  for (const [group, bytes] of ranked) console.log(`  ${kb(bytes).padStart(7)}  ${group}`);
  if (why) for (const chain of importChains(metafile, output, why)) console.log(`  why ${why}: ${chain.join(' → ')}`);
}

/** For each file in the bundle that imports the package, the shortest import chain from the entry point to it. */
function importChains(metafile, output, wanted) {
  const importers = new Map();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!importers.has(imported.path)) importers.set(imported.path, new Set());
      importers.get(imported.path).add(path);
    }
  }
  const crossings = Object.entries(metafile.inputs)
    .filter(([path, input]) => groupOf(path) !== wanted && output.inputs[path]?.bytesInOutput > 0)
    .filter(([, input]) => input.imports.some((imported) => groupOf(imported.path) === wanted))
    .map(([path]) => path);
  return crossings.slice(0, 8).map((crossing) => {
    // Breadth first from the importing file up to the entry point (re-exporting index files count).
    const next = new Map([[crossing, undefined]]);
    const queue = [crossing];
    for (let at = 0; at < queue.length && !next.has(output.entryPoint); at++) {
      for (const importer of importers.get(queue[at]) ?? []) {
        if (!next.has(importer)) {
          next.set(importer, queue[at]);
          queue.push(importer);
        }
      }
    }
    const chain = [];
    for (let step = next.has(output.entryPoint) ? output.entryPoint : crossing; step; step = next.get(step))
      chain.push(step);
    const entered = metafile.inputs[crossing].imports.filter((imported) => groupOf(imported.path) === wanted);
    return [
      ...chain,
      [...new Set(entered.map((imported) => imported.path.replace(/^.*node_modules\//, '')))].join(', '),
    ];
  });
}
