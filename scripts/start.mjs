// `npm start`: build the bundles if needed, then preview the publish plan for this checkout.
// Offline and without secrets: nothing here talks to a network.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/index.js', import.meta.url).pathname;
if (!existsSync(cli))
  execFileSync(process.execPath, [new URL('./build.mjs', import.meta.url).pathname], { stdio: 'inherit' });
const result = spawnSync(process.execPath, [cli, 'plan', '--explain', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
