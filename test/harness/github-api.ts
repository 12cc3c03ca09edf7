import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for api.github.com that follows its documented behaviour: bearer tokens,
 * 401 with a JSON message for a bad token, 404 for what the token cannot see, the
 * x-ratelimit-* headers on every answer, and 403 with `x-ratelimit-remaining: 0` once the
 * primary limit is spent.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 * https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
 */
export interface GitHubApiOptions {
  /** Tokens the server accepts; requests without a token are anonymous. */
  tokens?: string[];
  /** Requests allowed per window before the primary rate limit answers 403. */
  rateLimit?: number;
  repositories?: Record<string, Record<string, unknown>>;
  /** Answer every request with this status (an outage). */
  failWith?: number;
}

export interface GitHubApi {
  url: string;
  requests: Array<{ method: string; path: string; authorization?: string }>;
  stop(): Promise<void>;
}

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const requests: GitHubApi['requests'] = [];
  const limit = options.rateLimit ?? 60;
  let used = 0;
  const reset = Math.floor(Date.now() / 1000) + 3600;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, ...(req.headers.authorization && { authorization: req.headers.authorization }) });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - used)),
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-used': String(used),
        'x-ratelimit-resource': 'core',
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (options.failWith) return send(options.failWith, { message: 'Server Error' });
    const auth = req.headers.authorization;
    if (auth) {
      const token = auth.replace(/^(Bearer|token) /i, '');
      if (!(options.tokens ?? []).includes(token)) {
        return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      }
    }
    if (used >= limit) {
      return send(403, { message: 'API rate limit exceeded', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' });
    }
    used += 1;
    const repo = /^\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && repo) {
      const body = options.repositories?.[`${decodeURIComponent(repo[1]!)}/${decodeURIComponent(repo[2]!)}`.toLowerCase()];
      return body ? send(200, body) : send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' });
    }
    return send(404, { message: 'Not Found', status: '404' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
