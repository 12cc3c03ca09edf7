import * as core from '@actions/core';
import { readBoolean, readChoice, type ReadInput } from './read-input.ts';

// Readers over the runner's INPUT_* variables, for action shells.
export const input: ReadInput = (name, options) => core.getInput(name, { trimWhitespace: options?.trim ?? true });
export const booleanInput = (name: string, fallback: boolean) => readBoolean(input, name, fallback);
export const choiceInput = <T extends string>(name: string, choices: readonly T[], fallback: T) =>
  readChoice(input, name, choices, fallback);

/** An input that holds a secret: masked in logs before anything else can print it. */
export function secretInput(name: string): string {
  const value = core.getInput(name);
  if (value) core.setSecret(value);
  return value;
}
