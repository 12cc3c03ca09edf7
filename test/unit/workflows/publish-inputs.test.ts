import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../contracts/action-sources.ts';

// A team that outgrows the root action moves to publish.yml and must find the same inputs there
// (Phialo's `cache: registry` could not be set through it). This holds the two files together:
// every root input has a publish.yml input (or secret) of the same name and default, passed to a
// step of the action that owns it, or is on the short list below, each named in publish.yml's header.

/** Root inputs publish.yml does not take, by design; the header says why for each. */
const EXCEPTIONS = [
  'images',
  'context',
  'file',
  'target',
  'push-by-digest',
  'digest-dir',
  'load',
  'outputs',
  'secret-files',
  'secret-envs',
  'ssh',
  'sep-tags',
  'sep-labels',
  'sep-annotations',
  'bake-target',
  'github-token',
  'image-ref',
  'scan-type',
  'scan-ref',
  'input',
  'output',
];
/** Root inputs whose value reaches publish.yml as a secret of another name. */
const AS_SECRET: Record<string, string> = {
  secrets: 'build-secrets',
  username: 'registry-username',
  password: 'registry-password',
};
/** Where publish.yml's default is its own scheme, not the root action's. */
const OWN_DEFAULTS = ['tags', 'flavor', 'platforms', 'push', 'push-to-registry'];

interface Input {
  description: string;
  default?: unknown;
}
interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { workflow_call: { inputs: Record<string, Input>; secrets: Record<string, unknown> } };
  jobs: Record<string, { if?: string; steps?: Step[] }>;
}

const rootInputs = (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, Input> }).inputs;
const workflowText = readFileSync(join(ROOT, '.github/workflows/publish.yml'), 'utf8');
const workflow = parse(workflowText) as Workflow;

/** The action a root input belongs to, from the "build: …" prefix publish-action.mjs writes. */
const ownerOf = (input: Input) => /^(meta|build|scan|attest|sign): /.exec(input.description)?.[1];

/** Root inputs with no counterpart in the workflow, each with what is missing. */
function parityGaps(root: Record<string, Input>, wf: Workflow): string[] {
  const { inputs, secrets } = wf.on.workflow_call;
  const gaps: string[] = [];
  for (const [name, input] of Object.entries(root)) {
    if (EXCEPTIONS.includes(name)) continue;
    // A credential is a secret of the same name (registry-password) or of the one AS_SECRET gives.
    const secret = AS_SECRET[name] ?? (name in secrets ? name : undefined);
    const ref = secret ? `secrets.${secret}` : `inputs.${name}`;
    if (secret ? !(secret in secrets) : !(name in inputs)) {
      gaps.push(`${name}: no ${secret ? `secret ${secret}` : 'input'} in publish.yml`);
      continue;
    }
    const owner = ownerOf(input);
    const steps = Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
    const users = owner ? steps.filter((step) => step.uses?.includes(`/actions/${owner}@`)) : [];
    // A switch of publish's own (scan, attest) decides which jobs run, so it sits in an `if:`.
    const passed = owner
      ? users.some((step) => Object.values(step.with ?? {}).some((value) => String(value).includes(ref)))
      : JSON.stringify(wf.jobs).includes(ref);
    if (!passed) gaps.push(`${name}: declared but never passed to ${owner ? `actions/${owner}` : 'a job'}`);
  }
  return gaps;
}

describe('publish.yml offers the root action inputs', () => {
  it('has a counterpart for every root input, passed to the step that owns it', () => {
    expect(parityGaps(rootInputs, workflow)).toEqual([]);
  });

  it('notices an input that is missing or declared but not passed on', () => {
    const copy = structuredClone(workflow);
    delete copy.on.workflow_call.inputs.cache;
    for (const job of Object.values(copy.jobs)) for (const step of job.steps ?? []) delete step.with?.['cache-to'];
    expect(parityGaps(rootInputs, copy)).toEqual([
      'cache-to: declared but never passed to actions/build',
      'cache: no input in publish.yml',
    ]);
  });

  it('gives each counterpart the root default, except the publish scheme', () => {
    const inputs = workflow.on.workflow_call.inputs;
    const differ = Object.keys(rootInputs).filter(
      (name) => name in inputs && String(inputs[name]!.default ?? '') !== String(rootInputs[name]!.default ?? ''),
    );
    expect(differ.sort()).toEqual([...OWN_DEFAULTS].sort());
  });

  it('lists every exception and default of its own in its header, and nothing stale', () => {
    const header = workflowText.split('\nname:')[0]!;
    for (const name of [...EXCEPTIONS, ...OWN_DEFAULTS])
      expect(header, `publish.yml's header does not explain ${name}`).toMatch(new RegExp(`[ ,]${name}[ ,)\\n]`));
    for (const name of EXCEPTIONS)
      expect(rootInputs, `${name} is no root input: drop it from the exceptions`).toHaveProperty([name]);
  });

  it('keeps the names the teams use', () => {
    const inputs = workflow.on.workflow_call.inputs;
    for (const name of ['cache', 'cache-from', 'cache-to', 'build-args', 'provenance', 'sbom'])
      expect(inputs).toHaveProperty([name]);
    expect(workflow.on.workflow_call.secrets).toHaveProperty(['build-secrets']);
  });
});
