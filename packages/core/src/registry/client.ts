import { RegistryAuth } from './auth.ts';
import { repositoryScope } from './challenge.ts';
import type { Credentials } from './docker-config.ts';
import { redactSecrets } from './redact.ts';
import { RegistryError } from './registry-error.ts';
import { errorBodySchema } from './schemas.ts';
import { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retry.ts';

export interface RegistryClientOptions {
  /** Host with optional port, as in an ImageRef: `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  credentials?: Credentials;
  /** Speak http, not https. Defaults to true for loopback hosts only. */
  plainHttp?: boolean;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
}

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  repository: string;
  /** Tag or digest the request is about, for error messages. */
  reference?: string;
  /** Path after `/v2/<repository>/`, or an absolute URL (upload locations). */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** `push` asks for `pull,push`; `delete` for `delete` (GHCR ignores it; distribution wants it). */
  access?: 'pull' | 'push' | 'delete';
  /** Extra token scopes, e.g. pull on the source repository of a mount. */
  extraScopes?: string[];
  /** Statuses the caller handles itself; anything else not 2xx throws. */
  allow?: number[];
  /** What the request does, for error messages: "get manifest". */
  action: string;
}

/**
 * One registry, one client: auth state, retries and a request counter live here; the
 * protocol operations (manifests, blobs, tags, referrers) are functions over it.
 */
export class RegistryClient {
  readonly registry: string;
  readonly baseUrl: string;
  /** Every HTTP request sent (token requests and retries included). */
  requestCount = 0;
  private readonly retry: RetryPolicy;
  private readonly auth: RegistryAuth;
  private readonly userAgent: string;

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry;
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(options.registry);
    const scheme = (options.plainHttp ?? loopback) ? 'http' : 'https';
    // Docker Hub's API lives on another host than its name.
    const host = options.registry === 'docker.io' ? 'registry-1.docker.io' : options.registry;
    this.baseUrl = `${scheme}://${host}`;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.userAgent = options.userAgent ?? 'ghcr-kit';
    this.auth = new RegistryAuth(options.registry, options.credentials, (url, init) =>
      this.fetchWithRetry(url, init, { repository: '', action: 'get token' }),
    );
  }

  /** Hides passwords and tokens this client knows of. */
  redact(text: string): string {
    return redactSecrets(text, this.auth.secrets());
  }

  url(repository: string, path: string, query?: Record<string, string | undefined>): string {
    const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(`/v2/${repository}/${path}`, this.baseUrl);
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.append(key, value);
    return url.toString();
  }

  /** Sends a request with auth and retries; throws a RegistryError for unexpected statuses. */
  async send(request: RegistryRequest): Promise<Response> {
    const actions = request.access === 'push' ? ['pull', 'push'] : request.access === 'delete' ? ['delete'] : ['pull'];
    const scopes = [repositoryScope(request.repository, actions), ...(request.extraScopes ?? [])];
    const url = this.url(request.repository, request.path, request.query);
    const context = { repository: request.repository, reference: request.reference ?? '', action: request.action };
    let response: Response | undefined;
    for (let authAttempt = 0; authAttempt < 2; authAttempt++) {
      const headers: Record<string, string> = { 'user-agent': this.userAgent, ...request.headers };
      const authorization = await this.auth.header(scopes);
      if (authorization) headers.authorization = authorization;
      const init: RequestInit = { method: request.method, headers, redirect: 'follow' };
      if (request.body) init.body = request.body;
      response = await this.fetchWithRetry(url, init, context);
      if (response.status !== 401 || authAttempt > 0) break;
      await response.body?.cancel();
      if (
        !(await this.auth.unauthorized(
          response.headers.get('www-authenticate'),
          scopes,
          request.repository,
          authorization,
        ))
      )
        break;
    }
    if (!response)
      throw new RegistryError(
        this.registry,
        context.repository,
        context.reference,
        0,
        `${context.action}: no response`,
      );
    if (response.ok || request.allow?.includes(response.status)) return response;
    throw await this.failure(response, context);
  }

  /** Builds the error for a status we did not expect; reads (and redacts) the error body. */
  async failure(
    response: Response,
    context: { repository: string; reference: string; action: string },
  ): Promise<RegistryError> {
    let codes: string[] = [];
    let detail = '';
    const text = await response.text().catch(() => '');
    const parsed = errorBodySchema.safeParse(safeJson(text));
    if (parsed.success) {
      codes = parsed.data.errors.map((e) => e.code);
      detail = parsed.data.errors
        .map((e) => e.message)
        .filter(Boolean)
        .join('; ');
    }
    const hint =
      response.status === 401
        ? ': authentication failed; check username and password'
        : response.status === 403
          ? ': access denied; the token may lack the packages scope or repository access'
          : response.status === 404
            ? ': not found'
            : '';
    const problem = this.redact(`${context.action} failed${hint}${detail ? ` (${detail.slice(0, 300)})` : ''}`);
    return new RegistryError(this.registry, context.repository, context.reference, response.status, problem, codes);
  }

  private async fetchWithRetry(
    url: string,
    init: RequestInit,
    context: { repository: string; reference?: string; action: string },
  ): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        this.requestCount++;
        response = await fetch(url, init);
      } catch (error) {
        if (attempt >= this.retry.tries) {
          const message = this.redact((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
          throw new RegistryError(
            this.registry,
            context.repository,
            context.reference ?? '',
            0,
            `${context.action} failed: ${message} (after ${attempt} tries)`,
          );
        }
        await this.retry.sleep(retryDelay(this.retry, attempt, undefined));
        continue;
      }
      if (!isRetryableStatus(response.status) || attempt >= this.retry.tries) return response;
      await response.body?.cancel();
      await this.retry.sleep(retryDelay(this.retry, attempt, parseRetryAfter(response.headers.get('retry-after'))));
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
