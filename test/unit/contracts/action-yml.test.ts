import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILD_OUTPUTS } from '../../../packages/core/src/steps/build/index.ts';
import { META_OUTPUTS } from '../../../packages/core/src/steps/meta/index.ts';
import {
  PUBLISH_FED,
  PUBLISH_OUTPUTS,
  PUBLISH_RENAMES,
  publishName,
} from '../../../packages/core/src/publish/index.ts';
import { SCAN_OUTPUTS } from '../../../packages/core/src/steps/scan/index.ts';
import { ATTEST_OUTPUTS } from '../../../packages/core/src/steps/attest/index.ts';
import { MERGE_OUTPUTS } from '../../../packages/core/src/steps/merge/index.ts';
import { CLEANUP_OUTPUTS } from '../../../packages/core/src/steps/cleanup/index.ts';
import { SIGN_OUTPUTS } from '../../../packages/core/src/steps/sign/index.ts';
import { discoverActions, ROOT, scanSources, sourceClosure, type ActionUnderTest } from './action-sources.ts';

const STEP_OUTPUTS: Record<string, readonly string[]> = {
  meta: META_OUTPUTS,
  build: BUILD_OUTPUTS,
  scan: SCAN_OUTPUTS,
  attest: ATTEST_OUTPUTS,
  merge: MERGE_OUTPUTS,
  cleanup: CLEANUP_OUTPUTS,
  sign: SIGN_OUTPUTS,
  publish: PUBLISH_OUTPUTS,
};

/** What publish reads: each step's reads under publish's names, as its readers map them. */
function publishReads(stepReads: string[]): string[] {
  return [
    ...stepReads,
    ...Object.keys(PUBLISH_RENAMES).flatMap((step) => stepReads.map((read) => publishName(step, 'inputs', read))),
  ];
}

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
  return uses
    .filter((u) => u.name === name)
    .map((u) => u.where)
    .join(', ');
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
      expect(
        action.entries.some((e) => e.endsWith('post.ts')),
        `${action.file} declares a post step but has no src/post.ts`,
      ).toBe(true);
    }
    expect(action.entries.length, `${action.file}: no source entry point (src/main.ts) was found`).toBeGreaterThan(0);
  });

  it('declares every input its code reads', () => {
    // publish's readers pass each step's reads on under publish's names (publish/renames.ts);
    // those are the only computed reads allowed, and the steps' literal reads count for publish.
    const computed =
      name === 'publish'
        ? facts.computedInputs.filter((where) => !where.startsWith('packages/core/src/publish/step-inputs.ts'))
        : facts.computedInputs;
    expect(computed, `${name}: inputs read under a computed name cannot be checked; read them by literal name`).toEqual(
      [],
    );
    // publish feeds some step inputs itself (attest's subjects, verify mode): not the user's to set.
    const fed = name === 'publish' ? new Set(Object.values(PUBLISH_FED).flat()) : new Set<string>();
    const missing = [...new Set(facts.inputs.map((u) => u.name))].filter(
      (n) => !declaredInputs.includes(n) && !fed.has(n),
    );
    expect(
      missing.map(
        (n) =>
          `action "${name}" reads input "${n}" (${describeUses(facts.inputs, n)}) ` +
          `but ${action.file} does not declare it`,
      ),
    ).toEqual([]);
  });

  it('reads every input it declares', () => {
    const read = new Set(
      name === 'publish' ? publishReads(facts.inputs.map((u) => u.name)) : facts.inputs.map((u) => u.name),
    );
    const unread = declaredInputs.filter((n) => !read.has(n));
    expect(
      unread.map(
        (n) =>
          `action "${name}" declares input "${n}" in ${action.file} ` +
          `but no code reads it (searched ${files.length} files)`,
      ),
    ).toEqual([]);
  });

  it('declares every output its code writes, and writes every output it declares', () => {
    const written = new Map(facts.outputs.map((u) => [u.name, u.where]));
    if (facts.computedOutputs.length > 0) {
      // Steps (meta, build, publish) write their outputs in runStep's loop; each declares its
      // names as a typed list, which the compiler holds the step's result object to.
      const fromLoop = facts.computedOutputs.filter(
        (where) => !where.startsWith('packages/core/src/actions/run-step.ts'),
      );
      expect(fromLoop, `${name}: outputs written under a computed name outside runStep`).toEqual([]);
      const runsAStep = action.entries.some((entry) => readFileSync(entry, 'utf8').includes('runStep('));
      if (runsAStep) {
        const declared = STEP_OUTPUTS[name];
        expect(declared, `${name}: writes outputs through runStep but has no declared output list`).toBeDefined();
        for (const output of declared ?? []) written.set(output, 'declared by its step');
      }
    }
    const undeclared = [...written.keys()].filter((n) => !declaredOutputs.includes(n));
    expect(
      undeclared.map(
        (n) => `action "${name}" writes output "${n}" (${written.get(n)}) but ${action.file} does not declare it`,
      ),
    ).toEqual([]);
    const unwritten = declaredOutputs.filter((n) => !written.has(n));
    expect(
      unwritten.map((n) => `action "${name}" declares output "${n}" in ${action.file} but no code writes it`),
    ).toEqual([]);
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
