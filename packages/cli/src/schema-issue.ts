/**
 * One line for the first problem zod/mini found: where, and what was expected. zod/mini ships
 * no messages of its own ("Invalid input"), so the expected type is spelled out here.
 */
export function describeIssue(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string; expected?: unknown }>,
): string {
  const issue = issues[0];
  if (!issue) return 'not as expected';
  const where = issue.path.map(String).join('.') || 'the top level';
  return `${where}: ${issue.expected ? `expected ${String(issue.expected)}` : issue.message}`;
}
