import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local GHCR as GitHub documents it, for the cleanup action and its bench.
 *
 * Packages REST API (https://docs.github.com/en/rest/packages/packages), for the three owner
 * forms `/orgs/{org}/…`, `/users/{user}/…` and `/user/…`:
 *   GET    …/packages/container/{name}/versions?per_page&page&state=active|deleted  (Link pagination)
 *   GET    …/packages/container/{name}/versions/{id}
 *   DELETE …/packages/container/{name}/versions/{id}
 *   POST   …/packages/container/{name}/versions/{id}/restore   (within 30 days)
 *   GET    /users/{login}  (type User or Organization)
 *   GET    /orgs|users/{owner}/packages/container/{name}  (visibility, the linked repository)
 * Versions carry the manifest digest as `name` and tags in `metadata.container.tags`.
 *
 * Limits (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 * the primary limit per token per hour with the x-ratelimit-* headers and a 403 once spent;
 * the secondary limits of 100 concurrent requests and 900 points per minute per endpoint
 * (GET 1 point, writes 5) answered with 403 (or 429) and `retry-after`.
 *
 * With `upstream` (a local registry's host), `/v2/…` is proxied to it: a manifest pushed by tag
 * or digest becomes a package version (tags move between versions as on GHCR), a version
 * deleted through the API is deleted from the registry too, and a restore puts it back. As on
 * GHCR, there is no referrers API.
 *
 * Header conventions follow test/harness/github-api.ts.
 */
export interface SimulatorOptions {
  /** Token → who it is and what it may do. */
  tokens: Record<string, SimulatedToken>;
  /** Login → account type. */
  owners: Record<string, 'User' | 'Organization'>;
  /** Requests per hour per token (GitHub: 5,000 for a user, 1,000 for a GITHUB_TOKEN). */
  primaryLimit?: number;
  /** Points per endpoint per window (GitHub: 900 per minute). */
  pointsPerWindow?: number;
  /** The secondary window in ms (60,000; tests shrink it). */
  windowMs?: number;
  maxConcurrent?: number;
  /** Status of a secondary-limit answer; GitHub documents both 403 and 429. */
  secondaryStatus?: 403 | 429;
  latencyMs?: number;
  /** A registry host (127.0.0.1:PORT) for the OCI endpoints. */
  upstream?: string;
  /** Workflow runs of the repository, for the Actions runs endpoints. */
  workflowRuns?: SimulatedRun[];
  /** Transient server errors on the Packages API, as GitHub answers some under load. */
  transient?: TransientFaults;
}

/**
 * A share of requests answered 502 or 503 at random (seeded, so a run can be repeated). For a
 * DELETE, `afterEffect` of those faults are answered only after the version was deleted: the
 * proxy in front timed out while the deletion went through.
 */
export interface TransientFaults {
  /** 0 to 1: the share of Packages API requests answered 5xx. */
  rate: number;
  /** 0 to 1: of the DELETEs answered 5xx, the share that did happen. */
  afterEffect?: number;
  seed?: number;
}

export interface SimulatedRun {
  id: number;
  workflowId: number;
  status: 'queued' | 'in_progress' | 'completed';
  createdAt: string;
}

export interface SimulatedToken {
  login: string;
  /** May delete and restore versions (package Admin role and packages: write). */
  canDelete?: boolean;
  /** May list the owner's packages (a token with read:packages; a GITHUB_TOKEN may not). */
  canListPackages?: boolean;
  /**
   * A workflow's GITHUB_TOKEN of this repository (owner/name): it sees a package only when the
   * package gives the repository Actions access.
   */
  repository?: string;
  primaryLimit?: number;
}

export interface SimulatedVersion {
  id: number;
  digest: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  /** When it appeared in listings; stale listings hide younger versions. */
  listedAt: number;
  downloads: number;
  manifest?: { mediaType: string; bytes: Buffer };
}

export interface Fault {
  method?: string;
  path?: RegExp;
  status: number;
  /** How many matching requests fail; then the fault is spent. */
  times: number;
  message?: string;
  /** Answered with `status` only after the request took effect (a DELETE that did happen). */
  happened?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  at: number;
}

export interface GhcrSimulator {
  url: string;
  /** `127.0.0.1:PORT`, for the action's `registry` input. */
  host: string;
  requests: RecordedRequest[];
  rateLimitErrors(): number;
  /** How many requests the `transient` setting answered 5xx. */
  transientFaults(): number;
  /** Adds a version as a push would; returns it. */
  addVersion(
    owner: string,
    name: string,
    version: { digest: string; tags?: string[]; createdAt?: string; updatedAt?: string; downloads?: number },
  ): SimulatedVersion;
  versions(owner: string, name: string, state?: 'active' | 'deleted'): SimulatedVersion[];
  /** Make the public-download rule apply to this package. */
  setPublic(owner: string, name: string, isPublic: boolean): void;
  /**
   * The repository the package is linked to (the image's source label does that on first push),
   * which inherits Actions access, and other repositories given access in its settings.
   */
  linkPackage(owner: string, name: string, link: { repository?: string; actionsAccess?: string[] }): void;
  injectFault(fault: Fault): void;
  /** Listings show the state as it was `ms` ago (GitHub's listings lag behind pushes). */
  setListingLag(ms: number): void;
  setLatency(ms: number): void;
  stop(): Promise<void>;
}

interface Package {
  owner: string;
  name: string;
  isPublic: boolean;
  versions: SimulatedVersion[];
  repository?: string;
  actionsAccess?: string[];
}

const RESTORE_WINDOW_MS = 30 * 86_400_000;
const PACKAGE_ROUTE =
  /^\/(orgs\/([^/]+)|users\/([^/]+)|user)\/packages\/container\/([^/]+)\/versions(?:\/(\d+)(\/restore)?)?$/;

export async function startGhcrSimulator(options: SimulatorOptions): Promise<GhcrSimulator> {
  const packages = new Map<string, Package>();
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const primary = new Map<string, { used: number; reset: number }>();
  const points = new Map<string, Array<{ at: number; cost: number }>>();
  let inFlight = 0;
  let nextId = 1000;
  let listingLag = 0;
  let latency = options.latencyMs ?? 0;
  let limited = 0;
  const windowMs = options.windowMs ?? 60_000;
  const pointsPerWindow = options.pointsPerWindow ?? 900;
  let host = '';
  const random = seededRandom(options.transient?.seed ?? 1);
  let transientFaults = 0;

  const packageOf = (owner: string, name: string): Package => {
    const key = `${owner.toLowerCase()}/${name}`;
    let pkg = packages.get(key);
    if (!pkg) packages.set(key, (pkg = { owner, name, isPublic: false, versions: [] }));
    return pkg;
  };

  const addVersion: GhcrSimulator['addVersion'] = (owner, name, spec) => {
    const pkg = packageOf(owner, name);
    const now = new Date().toISOString();
    // A tag names one version: pushing it elsewhere moves it (GHCR bumps updated_at on both).
    for (const tag of spec.tags ?? []) {
      for (const other of pkg.versions) {
        if (other.deletedAt || !other.tags.includes(tag)) continue;
        other.tags = other.tags.filter((t) => t !== tag);
        other.updatedAt = now;
      }
    }
    const existing = pkg.versions.find((v) => v.digest === spec.digest && !v.deletedAt);
    if (existing) {
      existing.tags = [...new Set([...existing.tags, ...(spec.tags ?? [])])];
      existing.updatedAt = spec.updatedAt ?? now;
      return existing;
    }
    const version: SimulatedVersion = {
      id: nextId++,
      digest: spec.digest,
      tags: spec.tags ?? [],
      createdAt: spec.createdAt ?? now,
      updatedAt: spec.updatedAt ?? spec.createdAt ?? now,
      listedAt: Date.now(),
      downloads: spec.downloads ?? 0,
    };
    pkg.versions.push(version);
    return version;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: error.message }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/v2/')) return oci(req, res, url);
    inFlight += 1;
    try {
      if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
      const status = await api(req, res, url, method);
      requests.push({ method, path: url.pathname + url.search, status, at: Date.now() });
    } finally {
      inFlight -= 1;
    }
  }

  /** `per_page` (≤ 100) and `page`, with GitHub's `Link` header rels. */
  function paginate<T>(all: T[], url: URL): { items: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, rel: string) => {
      const next = new URL(`http://${host}${url.pathname}`);
      url.searchParams.forEach((value, key) => next.searchParams.set(key, value));
      next.searchParams.set('page', String(p));
      return `<${next.toString()}>; rel="${rel}"`;
    };
    const links = [
      page < last && link(page + 1, 'next'),
      page < last && link(last, 'last'),
      page > 1 && link(1, 'first'),
      page > 1 && link(page - 1, 'prev'),
    ].filter(Boolean);
    return {
      items: all.slice((page - 1) * perPage, page * perPage),
      headers: links.length ? { link: links.join(', ') } : {},
    };
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<number> {
    const token = (req.headers.authorization ?? '').replace(/^(Bearer|token) /i, '');
    const who = options.tokens[token];
    const budget = primary.get(token) ?? { used: 0, reset: Math.floor(Date.now() / 1000) + 3600 };
    primary.set(token, budget);
    if (Date.now() / 1000 >= budget.reset)
      Object.assign(budget, { used: 0, reset: Math.floor(Date.now() / 1000) + 3600 });
    const limit = who?.primaryLimit ?? options.primaryLimit ?? 5000;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): number => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - budget.used)),
        'x-ratelimit-reset': String(budget.reset),
        'x-ratelimit-used': String(budget.used),
        'x-ratelimit-resource': 'core',
        ...headers,
      });
      res.end(status === 204 ? undefined : JSON.stringify(body));
      return status;
    };
    if (!who)
      return send(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    if (budget.used >= limit) {
      limited += 1;
      return send(403, {
        message: `API rate limit exceeded for user ID 1.`,
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      });
    }
    budget.used += 1;

    // Secondary limits: concurrency, then points per endpoint in a sliding window.
    const route = routeOf(method, url.pathname);
    const cost = method === 'GET' || method === 'HEAD' ? 1 : 5;
    const now = Date.now();
    const spent = (points.get(route) ?? []).filter((p) => now - p.at < windowMs);
    points.set(route, spent);
    const used = spent.reduce((sum, p) => sum + p.cost, 0);
    if (inFlight > (options.maxConcurrent ?? 100) || used + cost > pointsPerWindow) {
      limited += 1;
      const retryAfter = spent.length ? Math.max(1, Math.ceil((spent[0]!.at + windowMs - now) / 1000)) : 1;
      return send(
        options.secondaryStatus ?? 403,
        {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
        { 'retry-after': String(retryAfter) },
      );
    }
    spent.push({ at: now, cost });

    const fault = faults.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(url.pathname)),
    );
    let transient: { status: number; afterEffect: boolean } | undefined;
    if (fault) {
      fault.times -= 1;
      if (!fault.happened) return send(fault.status, { message: fault.message ?? 'Server Error' });
      transient = { status: fault.status, afterEffect: true };
    } else if (options.transient && PACKAGE_ROUTE.test(url.pathname) && random() < options.transient.rate) {
      transientFaults += 1;
      const status = random() < 0.5 ? 502 : 503;
      transient = { status, afterEffect: method === 'DELETE' && random() < (options.transient.afterEffect ?? 0) };
      const message = status === 502 ? 'Server Error' : 'Service Unavailable';
      if (!transient.afterEffect) return send(status, { message });
    }
    const answer = send;
    const sendOrFault: typeof send = (status, body, headers) =>
      transient?.afterEffect && status < 300
        ? answer(transient.status, { message: 'Server Error' })
        : answer(status, body, headers);
    return respond(method, url, who, sendOrFault);
  }

  /** The endpoints themselves, once auth, limits and faults let a request through. */
  type Send = (status: number, body: unknown, headers?: Record<string, string>) => number;
  async function respond(method: string, url: URL, who: SimulatedToken, send: Send): Promise<number> {
    const user = /^\/users\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && user) {
      const login = decodeURIComponent(user[1]!);
      const type = Object.entries(options.owners).find(([name]) => name.toLowerCase() === login.toLowerCase())?.[1];
      return type ? send(200, { login, id: 1, type }) : send(404, { message: 'Not Found', status: '404' });
    }
    if (method === 'GET' && url.pathname === '/user') return send(200, { login: who.login, id: 1, type: 'User' });

    // Actions runs: one run by id, and a workflow's runs filtered by status.
    // https://docs.github.com/en/rest/actions/workflow-runs
    const runRoute = /^\/repos\/([^/]+)\/([^/]+)\/actions\/(?:runs\/(\d+)|workflows\/(\d+)\/runs)$/.exec(url.pathname);
    if (method === 'GET' && runRoute) {
      const apiRun = (run: SimulatedRun) => ({
        id: run.id,
        workflow_id: run.workflowId,
        status: run.status,
        created_at: run.createdAt,
        html_url: `https://github.com/${runRoute[1]}/${runRoute[2]}/actions/runs/${run.id}`,
      });
      const runs = options.workflowRuns ?? [];
      if (runRoute[3]) {
        const run = runs.find((r) => r.id === Number(runRoute[3]));
        return run ? send(200, apiRun(run)) : send(404, { message: 'Not Found', status: '404' });
      }
      const status = url.searchParams.get('status');
      const matching = runs.filter((r) => r.workflowId === Number(runRoute[4]) && (!status || r.status === status));
      return send(200, { total_count: matching.length, workflow_runs: matching.map(apiRun) });
    }

    // List packages: a GITHUB_TOKEN (an installation token) may not, a token with read:packages may.
    // https://docs.github.com/en/rest/packages/packages#list-packages-for-an-organization
    const listing = /^\/(orgs|users)\/([^/]+)\/packages$/.exec(url.pathname);
    if (method === 'GET' && listing) {
      if (!who.canListPackages)
        return send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/packages/packages#list-packages-for-an-organization',
          status: '403',
        });
      const login = decodeURIComponent(listing[2]!).toLowerCase();
      const names = [...packages.values()]
        .filter((p) => p.owner.toLowerCase() === login)
        .map((p) => p.name)
        .sort();
      const { items, headers } = paginate(names, url);
      return send(
        200,
        items.map((name) => ({ id: name.length, name, package_type: 'container', visibility: 'private' })),
        headers,
      );
    }

    // Get a package. https://docs.github.com/en/rest/packages/packages#get-a-package-for-an-organization
    // A GITHUB_TOKEN sees it only with Actions access; GitHub answers 404 rather than reveal it.
    const single = /^\/(orgs|users)\/([^/]+)\/packages\/container\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && single) {
      const pkg = packages.get(`${decodeURIComponent(single[2]!).toLowerCase()}/${decodeURIComponent(single[3]!)}`);
      const access = [pkg?.repository, ...(pkg?.actionsAccess ?? [])].map((r) => r?.toLowerCase());
      if (!pkg || (who.repository && !access.includes(who.repository.toLowerCase())))
        return send(404, { message: 'Package not found.', status: '404' });
      return send(200, {
        id: pkg.name.length,
        name: pkg.name,
        package_type: 'container',
        owner: { login: pkg.owner },
        version_count: pkg.versions.filter((v) => !v.deletedAt).length,
        visibility: pkg.isPublic ? 'public' : 'private',
        ...(pkg.repository && { repository: { full_name: pkg.repository, name: pkg.repository.split('/')[1] } }),
      });
    }

    const match = PACKAGE_ROUTE.exec(url.pathname);
    if (!match) return send(404, { message: 'Not Found', status: '404' });
    const owner = match[2] ? decodeURIComponent(match[2]) : match[3] ? decodeURIComponent(match[3]) : who.login;
    const kind = options.owners[owner];
    if (!kind || (match[2] && kind !== 'Organization') || (match[3] && kind !== 'User'))
      return send(404, { message: 'Not Found', status: '404' });
    const pkg = packages.get(`${owner.toLowerCase()}/${decodeURIComponent(match[4]!)}`);
    if (!pkg) return send(404, { message: 'Package not found.', status: '404' });
    const id = match[5] ? Number(match[5]) : undefined;

    if (id === undefined) {
      if (method !== 'GET') return send(404, { message: 'Not Found' });
      const state = url.searchParams.get('state') ?? 'active';
      const asOf = Date.now() - listingLag;
      const all = pkg.versions
        .filter((v) => v.listedAt <= asOf)
        .filter((v) =>
          state === 'deleted'
            ? v.deletedAt && Date.parse(v.deletedAt) <= asOf
            : !v.deletedAt || Date.parse(v.deletedAt) > asOf,
        )
        .sort((a, b) => b.id - a.id);
      const { items, headers } = paginate(all, url);
      return send(200, items.map(apiVersion), headers);
    }

    const version = pkg.versions.find((v) => v.id === id);
    if (!version) return send(404, { message: 'Not Found', status: '404' });
    if (method === 'GET')
      return version.deletedAt ? send(404, { message: 'Not Found' }) : send(200, apiVersion(version));
    if (!who.canDelete)
      return send(403, { message: 'You need admin access to the package to do this.', status: '403' });
    if (method === 'DELETE' && !match[6]) {
      if (version.deletedAt) return send(404, { message: 'Not Found', status: '404' });
      const active = pkg.versions.filter((v) => !v.deletedAt);
      if (active.length === 1 || (version.tags.length && active.filter((v) => v.tags.length).length === 1)) {
        return send(400, {
          message: 'You cannot delete the last tagged version of a package. You must delete the package instead.',
        });
      }
      if (pkg.isPublic && version.downloads > 5000) {
        return send(400, {
          message:
            'Publicly visible package versions with more than 5000 downloads cannot be deleted. ' +
            'Contact GitHub support for further assistance.',
        });
      }
      await removeFromRegistry(pkg, version);
      version.deletedAt = new Date().toISOString();
      return send(204, undefined);
    }
    if (method === 'POST' && match[6]) {
      if (!version.deletedAt || Date.now() - Date.parse(version.deletedAt) > RESTORE_WINDOW_MS)
        return send(404, { message: 'Not Found', status: '404' });
      await putBackInRegistry(pkg, version);
      delete version.deletedAt;
      return send(204, undefined);
    }
    return send(404, { message: 'Not Found' });
  }

  // --- OCI, in front of the real registry -------------------------------------------------

  async function oci(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!options.upstream) {
      res.writeHead(404).end();
      return;
    }
    if (/\/referrers\//.test(url.pathname)) {
      // GHCR has no referrers API; clients fall back to the sha256-<hex> tag schema.
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: [{ code: 'NOT_FOUND', message: 'not found' }] }));
      return;
    }
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    const body = await readBody(req);
    const answer = await upstreamRequest(
      req.method ?? 'GET',
      url.pathname + url.search,
      req.headers as Record<string, string>,
      body,
    );
    if (manifest && req.method === 'PUT' && answer.status === 201) {
      const [owner, ...rest] = decodeURIComponent(manifest[1]!).split('/');
      const reference = decodeURIComponent(manifest[2]!);
      const digest = String(answer.headers['docker-content-digest']);
      const version = addVersion(owner!, rest.join('/'), {
        digest,
        tags: reference.startsWith('sha256:') ? [] : [reference],
      });
      version.manifest = { mediaType: String(req.headers['content-type']), bytes: body };
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  async function removeFromRegistry(pkg: Package, version: SimulatedVersion): Promise<void> {
    if (!options.upstream || !version.manifest) return;
    await upstreamRequest(
      'DELETE',
      `/v2/${pkg.owner.toLowerCase()}/${pkg.name}/manifests/${version.digest}`,
      {},
      Buffer.alloc(0),
    );
  }

  async function putBackInRegistry(pkg: Package, version: SimulatedVersion): Promise<void> {
    if (!options.upstream || !version.manifest) return;
    const headers = { 'content-type': version.manifest.mediaType };
    for (const reference of [version.digest, ...version.tags]) {
      await upstreamRequest(
        'PUT',
        `/v2/${pkg.owner.toLowerCase()}/${pkg.name}/manifests/${reference}`,
        headers,
        version.manifest.bytes,
      );
    }
  }

  function upstreamRequest(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const [hostname, port] = options.upstream!.split(':');
    const forwarded = { ...headers, 'content-length': String(body.length) };
    delete (forwarded as Record<string, string | undefined>)['transfer-encoding'];
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        { hostname, port: Number(port), method, path, headers: forwarded },
        async (answer) => {
          const responseHeaders = { ...answer.headers } as Record<string, string | string[]>;
          // Upload locations point back at us, so clients keep talking to the simulator.
          if (typeof responseHeaders.location === 'string')
            responseHeaders.location = responseHeaders.location.replace(options.upstream!, host);
          resolve({ status: answer.statusCode ?? 502, headers: responseHeaders, body: await readBody(answer) });
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}`,
    host,
    requests,
    rateLimitErrors: () => limited,
    transientFaults: () => transientFaults,
    addVersion,
    versions: (owner, name, state = 'active') =>
      (packages.get(`${owner.toLowerCase()}/${name}`)?.versions ?? []).filter((v) =>
        state === 'active' ? !v.deletedAt : Boolean(v.deletedAt),
      ),
    setPublic: (owner, name, isPublic) => {
      packageOf(owner, name).isPublic = isPublic;
    },
    linkPackage: (owner, name, link) => {
      Object.assign(packageOf(owner, name), link);
    },
    injectFault: (fault) => faults.push(fault),
    setListingLag: (ms) => {
      listingLag = ms;
    },
    setLatency: (ms) => {
      latency = ms;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function apiVersion(version: SimulatedVersion): Record<string, unknown> {
  return {
    id: version.id,
    name: version.digest,
    url: `https://api.github.com/packages/container/versions/${version.id}`,
    package_html_url: 'https://github.com/packages',
    created_at: version.createdAt,
    updated_at: version.updatedAt,
    ...(version.deletedAt && { deleted_at: version.deletedAt }),
    metadata: { package_type: 'container', container: { tags: version.tags } },
  };
}

/** The endpoint a request counts against for the points limit: its route, not its ids. */
function routeOf(method: string, path: string): string {
  return `${method} ${path
    .replace(/\/versions\/\d+/, '/versions/{id}')
    .replace(/^\/(orgs|users)\/[^/]+/, '/$1/{owner}')
    .replace(/\/container\/[^/]+/, '/container/{name}')}`;
}

/** mulberry32: a small seeded generator, so a faulty run can be repeated exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readBody(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
