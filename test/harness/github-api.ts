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
  /**
   * What each token may do with attestations (default write). `read` gets the 403 a job
   * without `attestations: write` gets on POST.
   */
  attestationAccess?: Record<string, 'write' | 'read' | 'none'>;
}

export interface SarifUpload {
  id: string;
  repository: string;
  body: { commit_sha: string; ref: string; sarif: string; checkout_uri?: string; started_at?: string; tool_name?: string };
  polls: number;
}

/** A stored attestation, as the attestations API keeps it. */
export interface StoredAttestation {
  id: number;
  repository: string;
  bundle: Record<string, unknown>;
  digests: string[];
}

export interface GitHubApi {
  url: string;
  requests: Array<{ method: string; path: string; authorization?: string }>;
  sarifUploads: SarifUpload[];
  attestations: StoredAttestation[];
  stop(): Promise<void>;
}

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const requests: GitHubApi['requests'] = [];
  const sarifUploads: SarifUpload[] = [];
  const attestations: StoredAttestation[] = [];
  const limit = options.rateLimit ?? 60;
  let used = 0;
  const reset = Math.floor(Date.now() / 1000) + 3600;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
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
        const upload = JSON.parse(body || '{}') as SarifUpload['body'];
        if (!upload.commit_sha || !upload.ref || !upload.sarif) return send(422, { message: 'Invalid request.', status: '422' });
        const id = `${sarifUploads.length + 1}-upload`;
        sarifUploads.push({ id, repository, body: upload, polls: 0 });
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
      const found = options.repositories?.[`${decodeURIComponent(repo[1]!)}/${decodeURIComponent(repo[2]!)}`.toLowerCase()];
      return found ? send(200, found) : send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' });
    }
    // https://docs.github.com/en/rest/repos/attestations
    const attest = /^\/repos\/([^/]+)\/([^/]+)\/attestations(?:\/([^/]+))?$/.exec(url.pathname);
    if (attest) {
      const fullName = `${decodeURIComponent(attest[1]!)}/${decodeURIComponent(attest[2]!)}`.toLowerCase();
      if (!options.repositories?.[fullName]) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/attestations', status: '404' });
      const token = auth?.replace(/^(Bearer|token) /i, '') ?? '';
      const access = token ? (options.attestationAccess?.[token] ?? 'write') : 'none';
      const forbidden = () => send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/repos/attestations#create-an-attestation', status: '403' });
      if (req.method === 'POST' && !attest[3]) {
        if (access !== 'write') return forbidden();
        let bundle: Record<string, unknown> | undefined;
        try {
          bundle = (JSON.parse(body) as { bundle?: Record<string, unknown> }).bundle;
        } catch {
          bundle = undefined;
        }
        const envelope = bundle?.dsseEnvelope as { payload?: string } | undefined;
        if (!bundle || !envelope?.payload) return send(422, { message: 'Invalid request.\n\n"bundle" is not a Sigstore bundle with a DSSE envelope.', documentation_url: 'https://docs.github.com/rest/repos/attestations#create-an-attestation', status: '422' });
        const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { subject?: Array<{ digest?: Record<string, string> }> };
        const digests = (statement.subject ?? []).flatMap((s) => Object.entries(s.digest ?? {}).map(([alg, hex]) => `${alg}:${hex}`));
        const stored = { id: attestations.length + 1, repository: fullName, bundle, digests };
        attestations.push(stored);
        return send(201, { id: stored.id });
      }
      if (req.method === 'GET' && attest[3]) {
        if (access === 'none' && auth) return forbidden();
        const digest = decodeURIComponent(attest[3]);
        const found = attestations.filter((a) => a.repository === fullName && a.digests.includes(digest));
        if (found.length === 0) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/attestations#list-attestations', status: '404' });
        return send(200, { attestations: found.map((a) => ({ bundle: a.bundle, repository_id: 1 })) });
      }
    }
    return send(404, { message: 'Not Found', status: '404' });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sarifUploads,
    attestations,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
