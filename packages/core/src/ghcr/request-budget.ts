/**
 * The primary rate limit as GitHub reports it on every answer (`x-ratelimit-remaining`,
 * `x-ratelimit-reset`). A GITHUB_TOKEN has 1,000 requests per hour per repository, so a
 * large cleanup stops cleanly when the hour's budget runs low and the next run continues.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#primary-rate-limit-for-github_token-in-github-actions
 */
export class RequestBudget {
  remaining = Number.POSITIVE_INFINITY;
  limit = Number.POSITIVE_INFINITY;
  resetAt: Date | undefined;
  /** Requests sent, by kind (`GET versions`, `DELETE version`, …), for reports and the bench. */
  readonly sent = new Map<string, number>();

  observe(headers: Record<string, string | number | undefined>): void {
    const remaining = Number(headers['x-ratelimit-remaining']);
    const limit = Number(headers['x-ratelimit-limit']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(remaining)) this.remaining = remaining;
    if (Number.isFinite(limit)) this.limit = limit;
    if (Number.isFinite(reset) && reset > 0) this.resetAt = new Date(reset * 1000);
  }

  count(kind: string): void {
    this.sent.set(kind, (this.sent.get(kind) ?? 0) + 1);
  }

  /** Whether `needed` more requests fit while keeping `reserve` for checks and restores. */
  allows(needed: number, reserve: number): boolean {
    return this.remaining - needed >= reserve;
  }
}
