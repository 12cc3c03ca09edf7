// Runs bench/cleanup.ts under the repository's Node 24 (TypeScript with parameter properties
// needs --experimental-transform-types). BENCH_CLEANUP_ARGS="images due" sizes it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = (process.env.BENCH_CLEANUP_ARGS ?? '').split(' ').filter(Boolean);
const result = spawnSync(join(root, 'node_modules/node/bin/node'), ['--experimental-transform-types', '--no-warnings', join(root, 'bench/cleanup.ts'), ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
