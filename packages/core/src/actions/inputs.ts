import * as core from '@actions/core';
import { InputError } from '../errors/index.ts';

/** A trimmed input ('' when unset). */
export function input(name: string): string {
  return core.getInput(name);
}

/** A boolean input; anything but true/false (any case) names the input and fails. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name);
  if (raw === '') return fallback;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new InputError(name, raw, 'is not a boolean', 'Use true or false.');
}

/** One of a fixed set of values. */
export function choiceInput<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const raw = core.getInput(name);
  if (raw === '') return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  throw new InputError(name, raw, 'is not one of the accepted values', `Use one of: ${choices.join(', ')}.`);
}

/** An input that holds a secret: masked in logs before anything else can print it. */
export function secretInput(name: string): string {
  const value = core.getInput(name);
  if (value) core.setSecret(value);
  return value;
}
