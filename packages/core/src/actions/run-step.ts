import * as core from '@actions/core';
import { loadContext, type Env } from '../context/index.ts';
import { input } from './inputs.ts';
import type { ReadInput } from './read-input.ts';
import { runAction, writeSummary } from './run-action.ts';
import type { Step, StepIO } from './step.ts';

export interface RunStepOptions {
  /** The token for repository facts the payload lacks (none: never ask the API). */
  token?: (read: ReadInput, env: Env) => string;
  /** Context loading options, e.g. the commit date from the `date-source` input. */
  dateFromCommit?: (read: ReadInput, env: Env) => boolean;
}

/** A step that says how runStep loads its context, so its main.ts is `await runStep(step)`. */
export type ContextualStep = Step & { contextOptions?: RunStepOptions };

/** Runs one step as an action: context from the runner, outputs, exports and the summary written. */
export async function runStep(step: ContextualStep, options = step.contextOptions ?? {}): Promise<void> {
  await runAction(async () => {
    const token = options.token?.(input, process.env) ?? '';
    if (token) core.setSecret(token);
    const dateFromCommit = options.dateFromCommit?.(input, process.env) ?? false;
    const loaded = await loadContext(process.env, { token, dateFromCommit });
    loaded.warnings.forEach((warning) => core.warning(warning));
    const result = await step(runnerIO(loaded.context));
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    for (const [name, value] of Object.entries(result.exports)) core.exportVariable(name, value);
    await writeSummary(result.summary);
    if (result.failure) core.setFailed(result.failure);
  });
}

function runnerIO(context: StepIO['context']): StepIO {
  return {
    read: input,
    env: process.env,
    context,
    mask: (secret) => core.setSecret(secret),
    info: (line) => core.info(line),
    notice: (line) => core.notice(line),
    warning: (line) => core.warning(line),
    error: (line, where) => core.error(line, { ...(where?.title && { title: where.title }), ...(where?.file && { file: where.file }), ...(where?.line && { startLine: where.line }) }),
  };
}
