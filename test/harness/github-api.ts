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
  /**
   * Code scanning SARIF uploads: POST answers 202 with an id, the status endpoint says
   * `pending` for `pendingPolls` polls, then `complete` (or `failed` with `errors`). Tokens in
   * `readOnlyTokens` get 403 like a fork's token; repositories in `disabled` get 404.
   * https://docs.github.com/en/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data
   */
  codeScanning?: { pendingPolls?: number; errors?: string[]; readOnlyTokens?: string[]; disabled?: string[] };
}

export interface SarifUpload {
  id: string;
  repository: string;
  body: { commit_sha: string; ref: string; sarif: string; checkout_uri?: string; started_at?: string; tool_name?: string };
  polls: number;
}

export interface GitHubApi {
  url: string;
  requests: Array<{ method: string; path: string; authorization?: string }>;
  sarifUploads: SarifUpload[];
  stop(): Promise<void>;
}

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const requests: GitHubApi['requests'] = [];
  const sarifUploads: SarifUpload[] = [];
  const limit = options.rateLimit ?? 60;
  let used = 0;
  const reset = Math.floor(Date.now() / 1000) + 3600;

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
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
    const scanning = /^\/repos\/([^/]+)\/([^/]+)\/code-scanning\/sarifs(?:\/([^/]+))?$/.exec(url.pathname);
    if (scanning) {
      const cs = options.codeScanning ?? {};
      const repository = `${decodeURIComponent(scanning[1]!)}/${decodeURIComponent(scanning[2]!)}`.toLowerCase();
      if (!auth || (cs.readOnlyTokens ?? []).includes(auth.replace(/^(Bearer|token) /i, ''))) {
        return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data', status: '403' });
      }
      if (!options.repositories?.[repository] || (cs.disabled ?? []).includes(repository)) {
        return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data', status: '404' });
      }
      if (req.method === 'POST' && !scanning[3]) {
        const body = JSON.parse(text || '{}') as SarifUpload['body'];
        if (!body.commit_sha || !body.ref || !body.sarif) return send(422, { message: 'Invalid request.', status: '422' });
        const id = `${sarifUploads.length + 1}-upload`;
        sarifUploads.push({ id, repository, body, polls: 0 });
        return send(202, { id, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/repos/${repository}/code-scanning/sarifs/${id}` });
      }
      if (req.method === 'GET' && scanning[3]) {
        const upload = sarifUploads.find((u) => u.id === scanning[3] && u.repository === repository);
        if (!upload) return send(404, { message: 'Not Found', status: '404' });
        upload.polls += 1;
        if (upload.polls <= (cs.pendingPolls ?? 0)) return send(200, { processing_status: 'pending', analyses_url: null, errors: null });
        if (cs.errors?.length) return send(200, { processing_status: 'failed', analyses_url: null, errors: cs.errors });
        return send(200, { processing_status: 'complete', analyses_url: `/repos/${repository}/code-scanning/analyses?sarif_id=${upload.id}`, errors: null });
      }
    }
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
    sarifUploads,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
