import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseCommandFile } from '@ghcr-kit/core/actions';
import { readEventFile } from '../event-file.ts';
import { localRun, type LocalFlags } from '../local-context.ts';

/**
 * `ghcr-kit run <action>`: the action's bundle run here as a runner runs it: inputs with
 * action.yml's defaults applied, an event payload, GITHUB_OUTPUT, GITHUB_ENV and
 * GITHUB_STEP_SUMMARY files. Prints the outputs and the summary, so a configuration can be
 * tried before it is pushed. Returns the action's exit code.
 */
export function runLocally(
  action: string,
  flags: LocalFlags & { input?: string[] },
  env: Record<string, string | undefined>,
): number {
  const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
  const bundle = join(dist, action, 'index.js');
  const actionYml =
    action === 'publish' ? join(dist, '..', 'action.yml') : join(dist, '..', 'actions', action, 'action.yml');
  if (!action || !existsSync(bundle) || !existsSync(actionYml)) {
    process.stderr.write(
      `ghcr-kit run: no action "${action}" (meta, build, merge, scan, attest, cleanup or publish)\n`,
    );
    return 2;
  }
  // --event takes an event name or a payload file; from a file, the runner's ref and sha come
  // from the payload, and --ref / --sha still win.
  const event = flags.event && existsSync(flags.event) ? readEventFile(flags.event) : undefined;
  const fromEvent = event && { event: event.eventName, ref: flags.ref ?? event.ref, sha: flags.sha ?? event.sha };
  const run = localRun({ ...flags, ...fromEvent }, env);
  const payload = event ? { ...run.payload, ...event.payload } : run.payload;
  if (event && !flags.sha && !event.sha) run.notes.push(...event.notes);

  const dir = mkdtempSync(join(tmpdir(), `ghcr-kit-run-${action}-`));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(payload));

  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && !key.startsWith('INPUT_')) childEnv[key] = value;
  Object.assign(childEnv, run.env, files, { RUNNER_TEMP: dir, GITHUB_ACTIONS: 'true' });
  for (const [name, value] of Object.entries(inputDefaults(actionYml))) childEnv[inputVariable(name)] = value;
  for (const pair of flags.input ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(`ghcr-kit run: --input ${pair} is not key=value\n`);
      return 2;
    }
    childEnv[inputVariable(pair.slice(0, eq))] = pair.slice(eq + 1);
  }
  for (const note of run.notes) process.stderr.write(`note: ${note}\n`);

  const result = spawnSync(process.execPath, [bundle], { env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  const outputs = parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
  process.stdout.write(`\n== outputs (${action})\n`);
  for (const [name, value] of Object.entries(outputs))
    process.stdout.write(`${name}: ${value.includes('\n') ? `\n  ${value.split('\n').join('\n  ')}` : value}\n`);
  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  if (summary) process.stdout.write(`\n== summary\n${summary}`);
  return result.status ?? 1;
}

/** What the runner gives an input it was not passed: action.yml's default, with expressions left out. */
function inputDefaults(path: string): Record<string, string> {
  const doc = parseYaml(readFileSync(path, 'utf8')) as { inputs?: Record<string, { default?: unknown }> };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    const value = spec?.default === undefined ? '' : String(spec.default);
    // ${{ github.token }} and the like have no value outside a runner.
    out[name] = value.includes('${{') ? '' : value;
  }
  return out;
}

function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
