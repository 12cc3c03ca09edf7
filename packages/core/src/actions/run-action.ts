import * as core from '@actions/core';
import { loadContext } from '../context/index.ts';
import { InputError } from '../errors/index.ts';
import { input } from './inputs.ts';
import type { Step, StepIO } from './step.ts';

/**
 * The boundary every action's main.ts goes through: one failure message, no stack trace for a
 * user's mistake, the stack in debug logs for ours.
 */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(error.message);
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    core.debug(err.stack ?? err.message);
    core.setFailed(err.message);
  }
}

/** Writes the job summary when the runner gives a place for it (not in local runs). */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY || !markdown) return;
  await core.summary.addRaw(markdown).write();
}

export interface RunStepOptions {
  /** Input holding the token for repository facts the payload lacks ('' to never ask). */
  tokenInput?: string;
  /** Context loading options, e.g. the commit date from the `date-source` input. */
  dateFromCommit?: (read: typeof input) => boolean;
}

/** Runs one step as an action: context from the runner, outputs, exports and the summary written. */
export async function runStep(step: Step, options: RunStepOptions = {}): Promise<void> {
  await runAction(async () => {
    const token = options.tokenInput ? input(options.tokenInput) : '';
    if (token) core.setSecret(token);
    const loaded = await loadContext(process.env, { token, dateFromCommit: options.dateFromCommit?.(input) ?? false });
    loaded.warnings.forEach((warning) => core.warning(warning));
    const result = await step(runnerIO(loaded.context));
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    for (const [name, value] of Object.entries(result.exports)) core.exportVariable(name, value);
    await writeSummary(result.summary);
  });
}

function runnerIO(context: StepIO['context']): StepIO {
  return {
    read: input,
    env: process.env,
    context,
    mask: (secret) => core.setSecret(secret),
    info: (line) => core.info(line),
    warning: (line) => core.warning(line),
    error: (line, where) => core.error(line, { ...(where?.title && { title: where.title }), ...(where?.file && { file: where.file }), ...(where?.line && { startLine: where.line }) }),
  };
}
