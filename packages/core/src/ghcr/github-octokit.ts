import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { OUR_CONCURRENCY, WRITE_SPACING_MS } from './github-limits.ts';
import { RequestBudget } from './request-budget.ts';

export interface GitHubClientOptions {
  token: string;
  /** GITHUB_API_URL (https://api.github.com, or a GitHub Enterprise Server's /api/v3). */
  baseUrl: string;
  log?: { info(message: string): void; warning(message: string): void };
  /** Milliseconds per second of `retry-after`; tests make waits short. */
  retryAfterScale?: number;
  /** Gap between write starts; the default keeps DELETEs at GitHub's 180 per minute. */
  writeSpacingMs?: number;
  budget?: RequestBudget;
}

export type GitHubOctokit = InstanceType<ReturnType<typeof Octokit.plugin>>;

const PacedOctokit = Octokit.plugin(throttling, retry);

/** Every 4xx but 408 (Request Timeout), which is the one a second try can answer otherwise. */
const REFUSED = Array.from({ length: 100 }, (_, i) => 400 + i).filter((status) => status !== 408);

/**
 * Octokit with the throttling and retry plugins, tuned to GitHub's documented limits.
 *
 * The throttling plugin's default write pacing is one write per second (60/min). DELETE costs
 * 5 of the 900 points an endpoint allows per minute, so 180 per minute are within the limit:
 * the write group here spaces write starts by 1/180 of a minute instead.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#calculating-points-for-the-secondary-rate-limit
 *
 * A secondary limit is waited out (`retry-after`, else 60 s) up to three times. A spent
 * primary limit is not waited for (that can be an hour): the request fails and the run stops
 * cleanly, leaving the rest to the next run.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
/** What the throttling plugin tells its callbacks about the request it holds back. */
type ThrottledRequest = { method: string; url: string };

export function createGitHubClient(options: GitHubClientOptions): { octokit: GitHubOctokit; budget: RequestBudget } {
  const budget = options.budget ?? new RequestBudget();
  const scale = options.retryAfterScale ?? 1000;
  const warn = (line: string) => options.log?.warning(line);
  const octokit = new PacedOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'ghcr-kit-cleanup',
    log: { debug: () => {}, info: () => {}, warn, error: warn },
    throttle: {
      id: `ghcr-kit-${Math.random().toString(36).slice(2)}`,
      retryAfterBaseValue: scale,
      write: new Bottleneck.Group({
        maxConcurrent: OUR_CONCURRENCY,
        minTime: options.writeSpacingMs ?? WRITE_SPACING_MS,
      }),
      // Not typed by the plugin, but read from the same options: our own concurrency cap.
      ...({ global: new Bottleneck.Group({ maxConcurrent: OUR_CONCURRENCY, minTime: 0 }) } as object),
      onRateLimit: (retryAfter: number, request: ThrottledRequest) => {
        const spent = `GitHub's hourly request budget is spent (${request.method} ${request.url})`;
        warn(`${spent}; it resets in ${retryAfter} s. Stopping here; the next run continues.`);
        return false;
      },
      onSecondaryRateLimit: (retryAfter: number, request: ThrottledRequest, _octokit: unknown, retryCount: number) => {
        const limited = `GitHub's secondary rate limit on ${request.method} ${request.url}`;
        warn(`${limited}; waiting ${retryAfter} s (retry ${retryCount + 1} of 3)`);
        return retryCount < 3;
      },
    },
    // 429 and 403 are the throttling plugin's to retry; the retry plugin takes 5xx and network
    // errors only. A refused request (431 for an oversized header, 413, 414, …) fails at once:
    // sending it again cannot change the answer.
    retry: { doNotRetry: REFUSED, retryAfterBaseValue: scale },
  });
  octokit.hook.before('request', (request) => budget.count(requestKind(request.method, request.url)));
  octokit.hook.after('request', (response) => budget.observe(response.headers as Record<string, string>));
  octokit.hook.error('request', (error) => {
    const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers;
    if (headers) budget.observe(headers);
    throw error;
  });
  return { octokit, budget };
}

/** `GET versions`, `DELETE version`, `POST restore`: what a request is, for counting. */
export function requestKind(method: string, url: string): string {
  const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
  if (/\/versions\/\d+\/restore$/.test(path)) return `${method} restore`;
  if (/\/versions\/\d+$/.test(path)) return `${method} version`;
  if (/\/versions$/.test(path)) return `${method} versions`;
  return `${method} ${path.split('/').slice(0, 2).join('/') || '/'}`;
}
