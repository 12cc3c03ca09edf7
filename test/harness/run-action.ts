import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  const { dir, files, runEnv, script } = prepare(name, inputs, env, options);
  const result = spawnSync(options.node ?? NODE24, [script], { env: runEnv, encoding: 'utf8', cwd: dir, timeout: 600_000 });
  return collect(result.status ?? -1, result.stdout, result.stderr, files, dir);
}

/**
 * The same, without blocking the test process: for actions that talk to servers the test runs
 * in-process (a local Sigstore, the GitHub API simulator), which spawnSync would starve.
 */
export function runActionAsync(name: string, inputs: Record<string, string>, env: Record<string, string> = {}, options: { node?: string; payload?: unknown; script?: string } = {}): Promise<ActionRun> {
  const { dir, files, runEnv, script } = prepare(name, inputs, env, options);
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? NODE24, [script], { env: runEnv, cwd: dir, timeout: 600_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve(collect(status ?? -1, stdout, stderr, files, dir)));
  });
}

function prepare(name: string, inputs: Record<string, string>, env: Record<string, string>, options: { payload?: unknown; script?: string }) {
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
  return { dir, files, runEnv, script };
}

function collect(status: number, stdout: string, stderr: string, files: Record<'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_STEP_SUMMARY', string>, dir: string): ActionRun {
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

/** Parses `name<<DELIM\nvalue\nDELIM` and `name=value` lines of a runner environment file. */
export function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      out[key!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}
