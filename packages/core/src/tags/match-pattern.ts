/**
 * Upstream reads `/expr/flags` as a regular expression with flags and anything else as the
 * source of one (String.prototype.match semantics). Returns the error instead of throwing,
 * so the parser can name the line.
 */
export function compileMatchPattern(pattern: string): RegExp | Error {
  const delimited = /^\/(.+)\/(.*)$/.exec(pattern);
  try {
    return delimited ? new RegExp(delimited[1] ?? '', delimited[2]) : new RegExp(pattern);
  } catch (error) {
    return error as Error;
  }
}
