export interface RetryPolicy {
  /** Attempts in all, first one included. */
  tries: number;
  baseDelayMs: number;
  /** Cap on any single wait, Retry-After included. */
  maxDelayMs: number;
  /** Injected so tests do not sleep for real. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  tries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * 429 is a rate limit (GHCR and Docker Hub send it with Retry-After); 5xx except 501 are
 * worth another try. https://github.com/opencontainers/distribution-spec/blob/main/spec.md
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status !== 501 && status < 600);
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). Returns ms, or undefined. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Wait before attempt `attempt + 1` (attempt counts from 1): Retry-After if given, else doubling. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined): number {
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(retryAfterMs ?? backoff, policy.maxDelayMs);
}
