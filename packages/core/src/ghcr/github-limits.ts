/**
 * GitHub's documented REST limits, as the cleanup paces itself by them.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export const GITHUB_LIMITS = {
  /** Secondary limit: concurrent requests, shared by REST and GraphQL. */
  maxConcurrent: 100,
  /** Secondary limit: points per minute for one REST endpoint. */
  pointsPerMinute: 900,
  /** GET, HEAD and OPTIONS cost 1 point; POST, PATCH, PUT and DELETE cost 5. */
  readPoints: 1,
  writePoints: 5,
  /** Primary limit of the GITHUB_TOKEN: requests per hour per repository. */
  githubTokenPerHour: 1_000,
  /** `per_page` is capped at 100 on list endpoints. */
  maxPerPage: 100,
} as const;

/** 900 points / 5 points per DELETE = 180 deletes (or restores) per minute. */
export const WRITES_PER_MINUTE = GITHUB_LIMITS.pointsPerMinute / GITHUB_LIMITS.writePoints;

/**
 * The gap between two write starts that keeps any 60-second window at or under the ceiling.
 * Rounded up, so 179.6 per minute rather than a request over.
 */
export const WRITE_SPACING_MS = Math.ceil(60_000 / WRITES_PER_MINUTE) + 1;

/**
 * How many concurrent requests we allow ourselves: well under the documented 100, because the
 * same token may be used by other steps of the job at the same time.
 */
export const OUR_CONCURRENCY = 10;
