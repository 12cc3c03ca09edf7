import * as core from '@actions/core';
import { InputError } from '../errors/index.ts';

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
