import * as core from '@actions/core';
import { loadContext } from '../context/index.ts';
import { input } from './inputs.ts';
import type { ReadInput } from './read-input.ts';
import { runAction, writeSummary } from './run-action.ts';
import type { Step, StepIO } from './step.ts';

export interface RunStepOptions {
  /** The token for repository facts the payload lacks (none: never ask the API). */
  token?: (read: ReadInput) => string;
  /** Context loading options, e.g. the commit date from the `date-source` input. */
  dateFromCommit?: (read: ReadInput) => boolean;
  /** false for steps that use no repository facts (description, license, topics): no API call. */
  repositoryFacts?: boolean;
}

/** Runs one step as an action: context from the runner, outputs, exports and the summary written. */
export async function runStep(step: Step, options: RunStepOptions = {}): Promise<void> {
  await runAction(async () => {
    const token = options.token?.(input) ?? '';
    if (token) core.setSecret(token);
    const dateFromCommit = options.dateFromCommit?.(input) ?? false;
    const loaded = await loadContext(process.env, { token, dateFromCommit, repositoryFacts: options.repositoryFacts ?? true });
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
