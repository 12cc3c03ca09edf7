import { InputError } from '../errors/index.ts';

/**
 * Reads one raw input by name, '' when unset: what @actions/core.getInput gives. Trimmed unless
 * asked otherwise (separators such as `sep-tags: ', '` keep their spaces, as upstream).
 */
export type ReadInput = (name: string, options?: { trim?: boolean }) => string;

/** A boolean input; anything but true/false (any case) names the input and fails. */
export function readBoolean(read: ReadInput, name: string, fallback: boolean): boolean {
  const raw = read(name);
  if (raw === '') return fallback;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new InputError(name, raw, 'is not a boolean', 'Use true or false.');
}

/** One of a fixed set of values. */
export function readChoice<T extends string>(read: ReadInput, name: string, choices: readonly T[], fallback: T): T {
  const raw = read(name);
  if (raw === '') return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  throw new InputError(name, raw, 'is not one of the accepted values', `Use one of: ${choices.join(', ')}.`);
}
