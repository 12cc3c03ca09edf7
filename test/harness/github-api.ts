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
  /** Releases per repository (`owner/name`, lower case); see the release routes below. */
  releases?: Record<string, Array<{ tag: string; draft?: boolean }>>;
  /** Tokens without `contents: write`: they read releases but get 403 on uploads and deletes. */
  readOnlyContentsTokens?: string[];
}

export interface SarifUpload {
  id: string;
  repository: string;
  body: {
    commit_sha: string;
    ref: string;
    sarif: string;
    checkout_uri?: string;
    started_at?: string;
    tool_name?: string;
  };
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
  releases: StoredRelease[];
  stop(): Promise<void>;
}

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const requests: GitHubApi['requests'] = [];
  const sarifUploads: SarifUpload[] = [];
  const attestations: StoredAttestation[] = [];
  const releases: StoredRelease[] = Object.entries(options.releases ?? {})
    .flatMap(([repository, list]) => list.map((r) => ({ repository, tag: r.tag, draft: r.draft ?? false, assets: [] })))
    .map((r, i) => ({ ...r, id: i + 1 }));
  const limit = options.rateLimit ?? 60;
  let used = 0;
  const reset = Math.floor(Date.now() / 1000) + 3600;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const body = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      ...(req.headers.authorization && { authorization: req.headers.authorization }),
    });
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
        return send(401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        });
      }
    }
    if (used >= limit) {
      return send(403, {
        message: 'API rate limit exceeded',
        documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
      });
    }
    used += 1;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const contentType = req.headers['content-type'] ?? '';
    const method = req.method ?? 'GET';
    const releaseAnswer = releaseRoute(releases, options, { method, url, auth, body: raw, base, contentType });
    if (releaseAnswer) {
      if (releaseAnswer.status === 204) return void res.writeHead(204).end();
      return send(releaseAnswer.status, releaseAnswer.body, releaseAnswer.headers);
    }
    const scanning = /^\/repos\/([^/]+)\/([^/]+)\/code-scanning\/sarifs(?:\/([^/]+))?$/.exec(url.pathname);
    if (scanning) {
      const cs = options.codeScanning ?? {};
      const repository = `${decodeURIComponent(scanning[1]!)}/${decodeURIComponent(scanning[2]!)}`.toLowerCase();
      if (!auth || (cs.readOnlyTokens ?? []).includes(auth.replace(/^(Bearer|token) /i, ''))) {
        return send(403, {
          message: 'Resource not accessible by integration',
          documentation_url:
            'https://docs.github.com/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data',
          status: '403',
        });
      }
      if (!options.repositories?.[repository] || (cs.disabled ?? []).includes(repository)) {
        return send(404, {
          message: 'Not Found',
          documentation_url:
            'https://docs.github.com/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data',
          status: '404',
        });
      }
      if (req.method === 'POST' && !scanning[3]) {
        const upload = JSON.parse(body || '{}') as SarifUpload['body'];
        if (!upload.commit_sha || !upload.ref || !upload.sarif)
          return send(422, { message: 'Invalid request.', status: '422' });
        const id = `${sarifUploads.length + 1}-upload`;
        sarifUploads.push({ id, repository, body: upload, polls: 0 });
        return send(202, {
          id,
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/repos/${repository}/code-scanning/sarifs/${id}`,
        });
      }
      if (req.method === 'GET' && scanning[3]) {
        const upload = sarifUploads.find((u) => u.id === scanning[3] && u.repository === repository);
        if (!upload) return send(404, { message: 'Not Found', status: '404' });
        upload.polls += 1;
        if (upload.polls <= (cs.pendingPolls ?? 0))
          return send(200, { processing_status: 'pending', analyses_url: null, errors: null });
        if (cs.errors?.length) return send(200, { processing_status: 'failed', analyses_url: null, errors: cs.errors });
        return send(200, {
          processing_status: 'complete',
          analyses_url: `/repos/${repository}/code-scanning/analyses?sarif_id=${upload.id}`,
          errors: null,
        });
      }
    }
    const repo = /^\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && repo) {
      const found =
        options.repositories?.[`${decodeURIComponent(repo[1]!)}/${decodeURIComponent(repo[2]!)}`.toLowerCase()];
      return found
        ? send(200, found)
        : send(404, {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository',
            status: '404',
          });
    }
    // https://docs.github.com/en/rest/repos/attestations
    const attest = /^\/repos\/([^/]+)\/([^/]+)\/attestations(?:\/([^/]+))?$/.exec(url.pathname);
    if (attest) {
      const fullName = `${decodeURIComponent(attest[1]!)}/${decodeURIComponent(attest[2]!)}`.toLowerCase();
      if (!options.repositories?.[fullName])
        return send(404, {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/repos/attestations',
          status: '404',
        });
      const token = auth?.replace(/^(Bearer|token) /i, '') ?? '';
      const access = token ? (options.attestationAccess?.[token] ?? 'write') : 'none';
      const forbidden = () =>
        send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/repos/attestations#create-an-attestation',
          status: '403',
        });
      if (req.method === 'POST' && !attest[3]) {
        if (access !== 'write') return forbidden();
        let bundle: Record<string, unknown> | undefined;
        try {
          bundle = (JSON.parse(body) as { bundle?: Record<string, unknown> }).bundle;
        } catch {
          bundle = undefined;
        }
        const envelope = bundle?.dsseEnvelope as { payload?: string } | undefined;
        if (!bundle || !envelope?.payload)
          return send(422, {
            message: 'Invalid request.\n\n"bundle" is not a Sigstore bundle with a DSSE envelope.',
            documentation_url: 'https://docs.github.com/rest/repos/attestations#create-an-attestation',
            status: '422',
          });
        const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
          subject?: Array<{ digest?: Record<string, string> }>;
        };
        const digests = (statement.subject ?? []).flatMap((s) =>
          Object.entries(s.digest ?? {}).map(([alg, hex]) => `${alg}:${hex}`),
        );
        const stored = { id: attestations.length + 1, repository: fullName, bundle, digests };
        attestations.push(stored);
        return send(201, { id: stored.id });
      }
      if (req.method === 'GET' && attest[3]) {
        if (access === 'none' && auth) return forbidden();
        const digest = decodeURIComponent(attest[3]);
        const found = attestations.filter((a) => a.repository === fullName && a.digests.includes(digest));
        if (found.length === 0)
          return send(404, {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com/rest/repos/attestations#list-attestations',
            status: '404',
          });
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
    releases,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// --- Releases and release assets ------------------------------------------------------------
// https://docs.github.com/en/rest/releases/releases#get-a-release-by-tag-name (published only)
// https://docs.github.com/en/rest/releases/assets#upload-a-release-asset (uploads.github.com on
// github.com: here the same server, named by the release's upload_url; 422 already_exists for a
// taken name), #list-release-assets (paginated, Link header), #delete-a-release-asset (204).

export interface StoredAsset {
  id: number;
  name: string;
  label: string;
  contentType: string;
  bytes: Buffer;
}

export interface StoredRelease {
  id: number;
  repository: string;
  tag: string;
  draft: boolean;
  assets: StoredAsset[];
}

interface ReleaseRequest {
  method: string;
  url: URL;
  auth: string | undefined;
  body: Buffer;
  base: string;
  contentType: string;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

let nextAssetId = 1000;

function releaseRoute(releases: StoredRelease[], options: GitHubApiOptions, request: ReleaseRequest): Answer {
  const match = /^\/repos\/([^/]+)\/([^/]+)\/releases\/(.+)$/.exec(request.url.pathname);
  if (!match) return undefined;
  const repository = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`.toLowerCase();
  const rest = match[3]!;
  const notFound = (doc: string): Answer => ({
    status: 404,
    body: { message: 'Not Found', documentation_url: `https://docs.github.com/rest/releases/${doc}`, status: '404' },
  });
  const token = request.auth?.replace(/^(Bearer|token) /i, '') ?? '';
  const mayWrite = token !== '' && !(options.readOnlyContentsTokens ?? []).includes(token);
  const forbidden: Answer = {
    status: 403,
    body: {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/releases/assets',
      status: '403',
    },
  };
  const assetJson = (release: StoredRelease, a: StoredAsset) => ({
    url: `${request.base}/repos/${repository}/releases/assets/${a.id}`,
    id: a.id,
    name: a.name,
    label: a.label,
    content_type: a.contentType,
    state: 'uploaded',
    size: a.bytes.length,
    browser_download_url: `${request.base}/${repository}/releases/download/${release.tag}/${a.name}`,
  });
  const releaseJson = (r: StoredRelease) => ({
    id: r.id,
    tag_name: r.tag,
    draft: r.draft,
    prerelease: false,
    url: `${request.base}/repos/${repository}/releases/${r.id}`,
    upload_url: `${request.base}/repos/${repository}/releases/${r.id}/assets{?name,label}`,
    assets: r.assets.map((a) => assetJson(r, a)),
  });

  const byTag = /^tags\/(.+)$/.exec(rest);
  if (request.method === 'GET' && byTag) {
    const release = releases.find(
      (r) => r.repository === repository && r.tag === decodeURIComponent(byTag[1]!) && !r.draft,
    );
    return release ? { status: 200, body: releaseJson(release) } : notFound('releases#get-a-release-by-tag-name');
  }
  const assetById = /^assets\/(\d+)$/.exec(rest);
  if (request.method === 'DELETE' && assetById) {
    const release = releases.find(
      (r) => r.repository === repository && r.assets.some((a) => a.id === Number(assetById[1])),
    );
    if (!release) return notFound('assets#delete-a-release-asset');
    if (!mayWrite) return forbidden;
    release.assets = release.assets.filter((a) => a.id !== Number(assetById[1]));
    return { status: 204 };
  }
  const assets = /^(\d+)\/assets$/.exec(rest);
  const release = assets && releases.find((r) => r.repository === repository && r.id === Number(assets[1]));
  if (!assets) return undefined;
  if (!release) return notFound('assets');
  if (request.method === 'GET') {
    const perPage = Math.min(Number(request.url.searchParams.get('per_page') ?? 30), 100);
    const page = Number(request.url.searchParams.get('page') ?? 1);
    const slice = release.assets.slice((page - 1) * perPage, page * perPage);
    const more = page * perPage < release.assets.length;
    const query = `per_page=${perPage}&page=${page + 1}`;
    const next = `${request.base}/repos/${repository}/releases/${release.id}/assets?${query}`;
    return {
      status: 200,
      body: slice.map((a) => assetJson(release, a)),
      headers: more ? { link: `<${next}>; rel="next"` } : {},
    };
  }
  if (request.method === 'POST') {
    if (!mayWrite) return forbidden;
    const name = request.url.searchParams.get('name') ?? '';
    if (!name || !request.contentType)
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'ReleaseAsset', code: 'missing_field', field: name ? 'content_type' : 'name' }],
        },
      };
    if (release.assets.some((a) => a.name === name)) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
          documentation_url: 'https://docs.github.com/rest/releases/assets#upload-a-release-asset',
          status: '422',
        },
      };
    }
    const asset = {
      id: nextAssetId++,
      name,
      label: request.url.searchParams.get('label') ?? '',
      contentType: request.contentType,
      bytes: Buffer.from(request.body),
    };
    release.assets.push(asset);
    return { status: 201, body: assetJson(release, asset) };
  }
  return undefined;
}
