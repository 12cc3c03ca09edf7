/**
 * A problem with what the user gave us. The message always names the input, the value and
 * the fix, so the one line a runner shows is enough to act on.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    readonly value: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`input "${input}": ${problem} (value: ${JSON.stringify(truncate(value))}). ${fix}`);
  }
}

function truncate(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}
