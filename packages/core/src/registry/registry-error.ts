/**
 * A registry answered something we cannot go on with. The message always names where
 * (registry, repository, reference) and what (HTTP status, the registry's error codes), so a
 * failed step can be acted on from its one log line.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly registry: string,
    readonly repository: string,
    readonly reference: string,
    /** HTTP status, or 0 when no answer came (network error, digest mismatch). */
    readonly status: number,
    readonly problem: string,
    /** Error codes from the body, e.g. MANIFEST_UNKNOWN, DENIED. */
    readonly codes: readonly string[] = [],
  ) {
    const where = `${registry}/${repository}${reference ? ` (${reference})` : ''}`;
    const codeText = codes.length ? ` [${codes.join(', ')}]` : '';
    super(`registry ${where}: ${problem}${status ? ` (HTTP ${status})` : ''}${codeText}`);
  }
}
