import { splitInputList } from '../actions/input-list.ts';

/**
 * Trivy's own defaults, in its order. Passing `--db-repository` replaces them, so a list the
 * user gives is the whole list.
 * https://trivy.dev/latest/docs/configuration/db/
 */
export const DEFAULT_DB_REPOSITORIES = ['mirror.gcr.io/aquasec/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'];
export const DEFAULT_JAVA_DB_REPOSITORIES = [
  'mirror.gcr.io/aquasec/trivy-java-db:1',
  'ghcr.io/aquasecurity/trivy-java-db:1',
];

export function dbRepositories(raw: string, defaults: readonly string[]): string[] {
  const list = splitInputList(raw, { commas: true });
  return list.length ? list : [...defaults];
}

const RATE_LIMITED = /TOOMANYREQUESTS|\b429\b|Too Many Requests/i;
// `status code 5xx` also covers trivy's `unexpected status code 5xx`.
const SERVER_ERROR = /\b5\d\d\b (?:Internal|Bad Gateway|Service Unavailable|Gateway Timeout)|status code 5\d\d/i;

/**
 * Whether one repository's failure is worth a retry of the same repository: rate limits and
 * server errors pass; 404, refused connections and auth errors do not (we move on to the next
 * repository instead). TOOMANYREQUESTS is trivy-action's most reported failure.
 */
export function isRetryableDbFailure(output: string): boolean {
  return RATE_LIMITED.test(output) || SERVER_ERROR.test(output);
}

/** Waits before retry n (1-based) of a DB download: 2, 6, 18 s, capped. */
export function dbRetryDelayMs(attempt: number): number {
  return Math.min(2000 * 3 ** (attempt - 1), 30_000);
}
