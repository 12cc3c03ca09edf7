import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { discoverActions, ROOT, scanSources, sourceClosure, type ActionUnderTest } from './action-sources.ts';

// The runner only knows what action.yml declares: an input the code reads but action.yml lacks
// is always '' (and actionlint rejects `with:` keys for it), an output the code writes but
// action.yml lacks is invisible to `steps.<id>.outputs`, and a declared one nobody reads is
// a promise the action does not keep. This test holds the two sides together for every action.

interface ActionYml {
  runs?: { using?: string; main?: string; post?: string };
  inputs?: Record<string, { default?: unknown; required?: boolean; description?: string } | null>;
  outputs?: Record<string, { description?: string } | null>;
}

const actions = discoverActions();

function load(action: ActionUnderTest): ActionYml {
  return parse(readFileSync(join(ROOT, action.file), 'utf8')) as ActionYml;
}

function describeUses(uses: Array<{ name: string; where: string }>, name: string): string {
  return uses.filter((u) => u.name === name).map((u) => u.where).join(', ');
}

describe.each(actions.map((a) => [a.name, a] as const))('%s: action.yml', (name, action) => {
  const yml = load(action);
  const files = sourceClosure(action.entries);
  const facts = scanSources(files);
  const declaredInputs = Object.keys(yml.inputs ?? {});
  const declaredOutputs = Object.keys(yml.outputs ?? {});

  it('runs on node24 from its committed bundle', () => {
    expect(yml.runs?.using, `${action.file}: runs.using`).toBe('node24');
    const bundle = action.file === 'action.yml' ? 'dist/publish/index.js' : `../../dist/${name}/index.js`;
    expect(yml.runs?.main, `${action.file}: runs.main`).toBe(bundle);
    if (yml.runs?.post !== undefined) {
      expect(yml.runs.post, `${action.file}: runs.post`).toBe(bundle.replace(/index\.js$/, 'post.js'));
      expect(action.entries.some((e) => e.endsWith('post.ts')), `${action.file} declares a post step but has no src/post.ts`).toBe(true);
    }
    expect(action.entries.length, `${action.file}: no source entry point (src/main.ts) was found`).toBeGreaterThan(0);
  });

  it('declares every input its code reads', () => {
    expect(facts.computedInputs, `${name}: inputs read under a computed name cannot be checked; read them by literal name`).toEqual([]);
    const missing = [...new Set(facts.inputs.map((u) => u.name))].filter((n) => !declaredInputs.includes(n));
    expect(missing.map((n) => `action "${name}" reads input "${n}" (${describeUses(facts.inputs, n)}) but ${action.file} does not declare it`)).toEqual([]);
  });

  it('reads every input it declares', () => {
    const read = new Set(facts.inputs.map((u) => u.name));
    const unread = declaredInputs.filter((n) => !read.has(n));
    expect(unread.map((n) => `action "${name}" declares input "${n}" in ${action.file} but no code reads it (searched ${files.length} files)`)).toEqual([]);
  });

  it('declares every output its code writes, and writes every output it declares', () => {
    const written = new Map(facts.outputs.map((u) => [u.name, u.where]));
    if (facts.computedOutputs.length > 0) {
      // Outputs written in a loop (meta writes metadataOutputs()'s keys): run the action and
      // take the names from GITHUB_OUTPUT instead of guessing them from the source.
      for (const output of runAndCollectOutputs(action, yml)) written.set(output, 'written when run');
    }
    const undeclared = [...written.keys()].filter((n) => !declaredOutputs.includes(n));
    expect(undeclared.map((n) => `action "${name}" writes output "${n}" (${written.get(n)}) but ${action.file} does not declare it`)).toEqual([]);
    const unwritten = declaredOutputs.filter((n) => !written.has(n));
    expect(unwritten.map((n) => `action "${name}" declares output "${n}" in ${action.file} but no code writes it`)).toEqual([]);
  });

  it('describes every input and output', () => {
    const bare = [
      ...declaredInputs.filter((n) => !yml.inputs?.[n]?.description).map((n) => `input "${n}"`),
      ...declaredOutputs.filter((n) => !yml.outputs?.[n]?.description).map((n) => `output "${n}"`),
    ];
    expect(bare.map((what) => `action "${name}": ${what} has no description in ${action.file}`)).toEqual([]);
  });
});

it('finds the actions', () => {
  expect(actions.map((a) => a.name)).toEqual(expect.arrayContaining(['build', 'merge', 'meta']));
});

/**
 * Runs the action's source once on a captured push event, with every input at its declared
 * default and no token, so nothing reaches the network, and returns the output names it wrote.
 * Node runs the TypeScript directly (type stripping plus the transforms core uses).
 */
function runAndCollectOutputs(action: ActionUnderTest, yml: ActionYml): string[] {
  const dir = mkdtempSync(join(tmpdir(), `contract-${action.name}-`));
  try {
    const outputFile = join(dir, 'output');
    for (const f of ['output', 'env', 'summary', 'path', 'state']) writeFileSync(join(dir, f), '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
      GITHUB_EVENT_PATH: join(ROOT, 'test/fixtures/events/push-branch.json'),
      GITHUB_REPOSITORY: 'octo-org/hello-world',
      GITHUB_OUTPUT: outputFile,
      GITHUB_ENV: join(dir, 'env'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_PATH: join(dir, 'path'),
      GITHUB_STATE: join(dir, 'state'),
      RUNNER_TEMP: dir,
    };
    for (const [input, spec] of Object.entries(yml.inputs ?? {})) {
      const value = spec?.default === undefined ? '' : String(spec.default);
      // The runner would expand `${{ github.token }}`; here the token stays unset.
      env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`] = value.includes('${{') ? '' : value;
    }
    const main = action.entries.find((e) => e.endsWith('main.ts'))!;
    const run = spawnSync(process.execPath, ['--experimental-transform-types', '--no-warnings', main], { cwd: dir, env, encoding: 'utf8', timeout: 8_000 });
    if (run.status !== 0) {
      throw new Error(`action "${action.name}" writes outputs under computed names, and running ${relative(ROOT, main)} to list them failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    // `name<<delimiter` is how @actions/core writes each output to GITHUB_OUTPUT.
    return [...readFileSync(outputFile, 'utf8').matchAll(/^([^\s<=]+)<</gm)].map((m) => m[1]!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

