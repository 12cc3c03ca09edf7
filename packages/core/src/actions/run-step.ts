import * as core from '@actions/core';
import { loadContext, type Env } from '../context/index.ts';
import { input } from './inputs.ts';
import { systemClock } from './logger.ts';
import type { ReadInput } from './read-input.ts';
import { runAction, writeSummary } from './run-action.ts';
import { runnerLogger } from './runner-logger.ts';
import type { Step, StepIO } from './step.ts';

export interface RunStepOptions {
  /** The token for repository facts the payload lacks (none: never ask the API). */
  token?: (read: ReadInput, env: Env) => string;
  /** Context loading options, e.g. the commit date from the `date-source` input. */
  dateFromCommit?: (read: ReadInput, env: Env) => boolean;
  /** false for steps that use no repository facts (description, license, topics): no API call. */
  repositoryFacts?: boolean;
  /**
   * Checks every input against a Context loaded without repository facts, before the one
   * request that asks the API for them: a bad input costs no request at all.
   */
  checkInputs?: (io: StepIO) => unknown;
}

/** A step that says how runStep loads its context, so its main.ts is `await runStep(step)`. */
export type ContextualStep = Step & { contextOptions?: RunStepOptions };

/** Runs one step as an action: context from the runner, outputs, exports and the summary written. */
export async function runStep(step: ContextualStep, options = step.contextOptions ?? {}): Promise<void> {
  await runAction(async () => {
    const token = options.token?.(input, process.env) ?? '';
    if (token) core.setSecret(token);
    const dateFromCommit = options.dateFromCommit?.(input, process.env) ?? false;
    if (options.checkInputs) {
      const bare = await loadContext(process.env, { dateFromCommit, repositoryFacts: false });
      await options.checkInputs(runnerIO(bare.context));
    }
    const loaded = await loadContext(process.env, {
      token,
      dateFromCommit,
      repositoryFacts: options.repositoryFacts ?? true,
    });
    loaded.warnings.forEach((warning) => core.warning(warning));
    const result = await step(runnerIO(loaded.context));
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    for (const [name, value] of Object.entries(result.exports)) core.exportVariable(name, value);
    await writeSummary(result.summary);
    if (result.failure) core.setFailed(result.failure);
  });
}

/** A StepIO whose flat log members are the logger's, so a step may use either. */
export function stepIO(
  parts: Omit<StepIO, 'mask' | 'info' | 'notice' | 'warning' | 'error' | 'saveState'> &
    Partial<Pick<StepIO, 'saveState'>>,
): StepIO {
  const { log } = parts;
  return {
    saveState: () => {},
    ...parts,
    mask: (secret) => log.mask(secret),
    info: (line) => log.info(line),
    notice: (line) => log.notice(line),
    warning: (line) => log.warning(line),
    error: (line, where) => log.error(line, where),
  };
}

function runnerIO(context: StepIO['context']): StepIO {
  const { now, sleep } = systemClock;
  const saveState = (name: string, value: string) => core.saveState(name, value);
  return stepIO({ read: input, env: process.env, context, log: runnerLogger, now, sleep, saveState });
}
