export interface PushRetry {
  /** Attempts in all, the first included. */
  tries: number;
  baseDelayMs: number;
  sleep(ms: number): Promise<void>;
  /** Says in the log what is retried and why. */
  info(line: string): void;
}

// Each try of a push tool dies at its first error, so a burst of faults takes one try each.
export const DEFAULT_PUSH_RETRY: Omit<PushRetry, 'info'> = {
  tries: 5,
  baseDelayMs: 1000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// What buildah, skopeo (containers/image) and BuildKit print when a registry answered 5xx or
// 429, or the connection broke: worth another try, since the push is idempotent (blobs and
// manifests are content-addressed, and what was already pushed is found and skipped).
const STATUS_LINES = [
  '500 Internal Server Error',
  '502 Bad Gateway',
  '503 Service Unavailable',
  '504 Gateway Time-?out',
  '429 Too Many Requests',
];
const TRANSIENT = [
  /\b(?:status(?: code)?|HTTP|repository|registry)\b[^\n]{0,40}?:\s*(?:5\d\d|429)\b/i,
  new RegExp(`\\b(?:${STATUS_LINES.join('|')})\\b`, 'i'),
  /\btoomanyrequests\b|connection reset by peer|broken pipe|unexpected EOF|i\/o timeout|TLS handshake timeout/i,
];
// A refusal is an answer, not an accident: another try gets the same one.
const REFUSED = [
  /\b(?:401|403) (?:Unauthorized|Forbidden)\b|\bunauthorized\b|\bdenied\b|authentication required/i,
  /manifest unknown|name unknown/i,
];

/** True when a failed push's output says the registry failed for now, not that it refused. */
export function isTransientPushFailure(output: string): boolean {
  const matches = (pattern: RegExp) => pattern.test(output);
  return !REFUSED.some(matches) && TRANSIENT.some(matches);
}

/** The last line that explains the failure, for the retry notice. */
function reason(output: string): string {
  const lines = output.trim().split(/\r?\n/);
  return (lines.findLast((line) => TRANSIENT.some((p) => p.test(line))) ?? lines.at(-1) ?? '').trim().slice(0, 300);
}

/**
 * Runs a push until it succeeds, fails for a reason another try cannot fix, or runs out of
 * tries, waiting base, 2×base, … between tries. `attempt` resolves to the exit code and output.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
 */
export async function withPushRetry<T extends { exitCode: number; output: string }>(
  what: string,
  policy: PushRetry,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let n = 1; ; n++) {
    const result = await attempt();
    if (result.exitCode === 0 || n >= policy.tries || !isTransientPushFailure(result.output)) return result;
    const wait = policy.baseDelayMs * 2 ** (n - 1);
    policy.info(
      `${what}: transient registry error (${reason(result.output)}); ` +
        `try ${n + 1} of ${policy.tries} in ${wait / 1000}s`,
    );
    await policy.sleep(wait);
  }
}
