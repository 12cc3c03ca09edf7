// The meta action as a whole process on a tag push, against a bare `node -e 0`, alternated in
// one run so both see the same machine, in a clean environment (bench/process-run.mjs).
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, median, runnerEnv, timedRun } from './process-run.mjs';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist/meta/index.js');
const runs = Number(process.env.BENCH_RUNS ?? 30);
const work = mkdtempSync(join(tmpdir(), 'meta-bench-'));
const eventPath = join(work, 'event.json');
writeFileSync(
  eventPath,
  JSON.stringify({
    ref: 'refs/tags/v1.2.3',
    repository: {
      name: 'app',
      full_name: 'acme/app',
      owner: { login: 'acme' },
      html_url: 'https://github.com/acme/app',
      description: 'bench',
      license: { spdx_id: 'MIT' },
      default_branch: 'main',
    },
    head_commit: { timestamp: '2024-06-28T14:30:22Z' },
  }),
);

const actionEnv = {
  ...runnerEnv(work),
  GITHUB_REF: 'refs/tags/v1.2.3',
  GITHUB_EVENT_PATH: eventPath,
  INPUT_IMAGES: 'ghcr.io/acme/app',
  INPUT_TAGS:
    'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}\ntype=sha',
  INPUT_CONTEXT: 'workflow',
};

function time(args, env) {
  const { ms, result } = timedRun(args, env);
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
  return ms;
}

const bare = [];
const action = [];
time(['-e', '0'], cleanEnv);
time([bundle], actionEnv);
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '0'], cleanEnv));
  action.push(time([bundle], actionEnv));
}
const size = statSync(bundle).size;
console.log(`node ${process.version}, ${runs} alternating runs`);
console.log(`bare node -e 0        median ${median(bare).toFixed(1)} ms`);
console.log(`dist/meta/index.js    median ${median(action).toFixed(1)} ms`);
console.log(`ratio meta / bare     ${(median(action) / median(bare)).toFixed(2)}x   (target ≤ 2x)`);
console.log(`bundle size           ${(size / 1024).toFixed(1)} KiB   (target < 400 KB)`);
