// What the whole-process benches share: a clean environment (this machine sets
// NODE_EXTRA_CA_CERTS, which adds ~50 ms to every Node start and which runners do not set),
// the variables a runner always sets, and a timed run of this Node.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

/** A push to main of acme/app, with the runner's command files in `work`. */
export function runnerEnv(work) {
  for (const file of ['output', 'env', 'state', 'summary']) writeFileSync(join(work, file), '');
  return {
    ...cleanEnv,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_ENV: join(work, 'env'),
    GITHUB_STATE: join(work, 'state'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    RUNNER_TEMP: work,
  };
}

/** Runs this Node with `args`; the wall time of the whole process, and what it printed. */
export function timedRun(args, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 60_000 });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
