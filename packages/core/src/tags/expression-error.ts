/**
 * A template problem found while rendering. It carries the problem and the fix; the caller
 * turns it into an InputError naming the input and line it came from.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${problem}. ${fix}`);
  }
}
