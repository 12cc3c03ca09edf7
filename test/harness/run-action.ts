import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommandFile } from '../../packages/core/src/actions/command-file.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** The Node 24 that the `node` npm package installs: the runtime `using: node24` gives. */
export const NODE24 = join(REPO_ROOT, 'node_modules/node/bin/node');

export interface ActionRun {
  status: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  summary: string;
  dir: string;
}

/**
 * Runs a bundled action as the runner does: `node dist/<name>/index.js` with INPUT_<NAME>
 * variables, and GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY files it then reads back.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#environment-files
 */
export function runAction(name: string, inputs: Record<string, string>, env: Record<string, string> = {}, options: { node?: string; payload?: unknown; script?: string } = {}): ActionRun {
  const dir = mkdtempSync(join(tmpdir(), `action-${name}-`));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_ENV: join(dir, 'env'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const runEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', RUNNER_TEMP: dir, ...files };
  if (options.payload !== undefined) {
    runEnv.GITHUB_EVENT_PATH = join(dir, 'event.json');
    writeFileSync(runEnv.GITHUB_EVENT_PATH, JSON.stringify(options.payload));
  }
  // The runner upper-cases input names and keeps their dashes.
  for (const [key, value] of Object.entries(inputs)) runEnv[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  Object.assign(runEnv, env);
  const script = join(REPO_ROOT, 'dist', name, options.script ?? 'index.js');
  const result = spawnSync(options.node ?? NODE24, [script], { env: runEnv, encoding: 'utf8', cwd: dir, timeout: 600_000 });
  return {
    status: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: readEnvFile(files.GITHUB_OUTPUT),
    env: readEnvFile(files.GITHUB_ENV),
    summary: existsSync(files.GITHUB_STEP_SUMMARY) ? readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') : '',
    dir,
  };
}

/** The outputs or environment a run wrote to one of its command files. */
export function readEnvFile(path: string): Record<string, string> {
  return parseCommandFile(readFileSync(path, 'utf8'));
}
