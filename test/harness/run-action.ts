import { spawn, spawnSync } from 'node:child_process';
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
export function runAction(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: { node?: string; payload?: unknown; script?: string } = {},
): ActionRun {
  const { dir, files, runEnv, script } = prepareRun(name, inputs, env, options);
  const result = spawnSync(options.node ?? NODE24, [script], {
    env: runEnv,
    encoding: 'utf8',
    cwd: dir,
    timeout: 600_000,
  });
  return collect(result.status ?? -1, result.stdout, result.stderr, files, dir);
}

/**
 * The same run without blocking the test's event loop, for tests whose servers (an asset
 * mirror, the GitHub API simulator) live in the test process and must answer the action.
 */
export async function runActionAsync(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: { node?: string; payload?: unknown; script?: string } = {},
): Promise<ActionRun> {
  const { dir, files, runEnv, script } = prepareRun(name, inputs, env, options);
  const child = spawn(options.node ?? NODE24, [script], { env: runEnv, cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
  const status = await new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)));
  clearTimeout(timer);
  return collect(status, stdout, stderr, files, dir);
}

function prepareRun(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  options: { payload?: unknown; script?: string },
) {
  const dir = mkdtempSync(join(tmpdir(), `action-${name}-`));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const runEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    RUNNER_TEMP: dir,
    ...files,
  };
  if (options.payload !== undefined) {
    runEnv.GITHUB_EVENT_PATH = join(dir, 'event.json');
    writeFileSync(runEnv.GITHUB_EVENT_PATH, JSON.stringify(options.payload));
  }
  // The runner upper-cases input names and keeps their dashes.
  for (const [key, value] of Object.entries(inputs)) runEnv[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  Object.assign(runEnv, env);
  return { dir, files, runEnv, script: join(REPO_ROOT, 'dist', name, options.script ?? 'index.js') };
}

function collect(
  status: number,
  stdout: string,
  stderr: string,
  files: { GITHUB_OUTPUT: string; GITHUB_ENV: string; GITHUB_STEP_SUMMARY: string },
  dir: string,
): ActionRun {
  return {
    status,
    stdout,
    stderr,
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
