import * as z from 'zod/mini';
import { parseChallenge, type Challenge } from './challenge.ts';
import type { Credentials } from './docker-config.ts';
import { basicCredential } from './redact.ts';
import { RegistryError } from './registry-error.ts';

const tokenResponseSchema = z.looseObject({
  token: z.optional(z.string()),
  access_token: z.optional(z.string()),
  expires_in: z.optional(z.number()),
});

interface CachedToken {
  scopes: Set<string>;
  token: string;
  expiresAt: number;
}

/** Sends one HTTP request and counts it; the client's retrying fetch. */
export type Transport = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Holds what a registry told us about how it wants to be asked: nothing, Basic, or a Bearer
 * token from a realm (GHCR, Docker Hub, distribution with token auth). Tokens are cached per
 * scope set, and a cached token that covers a narrower request is reused, so a merge that
 * asked for `pull,push` once does not ask again for `pull`.
 * https://distribution.github.io/distribution/spec/auth/token/
 */
export class RegistryAuth {
  private scheme: 'unknown' | 'none' | 'basic' | 'bearer' = 'unknown';
  private challenge: Challenge | undefined;
  private readonly tokens: CachedToken[] = [];
  /** Every token we received: secrets that must never reach a log. */
  private readonly issued: string[] = [];

  constructor(
    private readonly registry: string,
    private readonly credentials: Credentials | undefined,
    private readonly transport: Transport,
    private readonly now: () => number = Date.now,
  ) {}

  /** Strings to scrub from any message: the password, its Basic form, tokens. */
  secrets(): string[] {
    const out = [...this.issued];
    const { credentials } = this;
    if (credentials) out.push(credentials.password, basicCredential(credentials.username, credentials.password));
    return out;
  }

  /** `Basic <base64 user:password>`, or undefined without credentials. */
  private basic(): string | undefined {
    const { credentials } = this;
    return credentials && `Basic ${basicCredential(credentials.username, credentials.password)}`;
  }

  /** The Authorization header for a request that needs `scopes`, when we already know how. */
  async header(scopes: readonly string[]): Promise<string | undefined> {
    if (this.scheme === 'basic') return this.basic();
    if (this.scheme !== 'bearer') return undefined;
    const cached = this.cached(scopes);
    if (cached) return `Bearer ${cached}`;
    return `Bearer ${await this.fetchToken(scopes)}`;
  }

  /**
   * Learns from a 401. Returns true when asking again can succeed: a request sent before we
   * knew the registry wants Basic, or a Bearer token that expired early. The caller retries
   * once, no more. `sent` is the Authorization header of the refused request: whether it
   * already carried the password decides, not whether this client has seen a Basic challenge
   * before, since concurrent first requests (merge reads every digest at once) all go out
   * without credentials and all come back 401.
   */
  async unauthorized(
    wwwAuthenticate: string | null,
    scopes: readonly string[],
    repository: string,
    sent?: string,
  ): Promise<boolean> {
    const challenge = parseChallenge(wwwAuthenticate);
    if (!challenge) return false;
    if (challenge.scheme === 'basic') {
      this.scheme = 'basic';
      return this.credentials !== undefined && !sent?.startsWith('Basic ');
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) {
      const problem = `unsupported authentication scheme "${challenge.scheme}"`;
      throw new RegistryError(this.registry, repository, '', 401, problem);
    }
    this.scheme = 'bearer';
    this.challenge = challenge;
    const wanted = new Set(scopes);
    if (challenge.params.scope) for (const scope of challenge.params.scope.split(' ')) wanted.add(scope);
    // Drop whatever token covered these scopes: it was refused or has expired.
    for (let i = this.tokens.length - 1; i >= 0; i--) {
      if (covers(this.tokens[i]!.scopes, scopes)) this.tokens.splice(i, 1);
    }
    await this.fetchToken([...wanted]);
    return true;
  }

  private cached(scopes: readonly string[]): string | undefined {
    const now = this.now();
    return this.tokens.find((entry) => entry.expiresAt > now && covers(entry.scopes, scopes))?.token;
  }

  private async fetchToken(scopes: readonly string[]): Promise<string> {
    const params = this.challenge?.params ?? {};
    const url = new URL(params.realm!);
    if (params.service) url.searchParams.set('service', params.service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = { accept: 'application/json' };
    // GHCR takes a GITHUB_TOKEN (or PAT) as the password here, any username.
    // https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry
    const basic = this.basic();
    if (basic) headers.authorization = basic;
    const realm = `${url.origin}${url.pathname}`;
    const response = await this.transport(url.toString(), { method: 'GET', headers });
    const refuse = (problem: string) =>
      new RegistryError(this.registry, scopeRepository(scopes), '', response.status, problem);
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      const who = this.credentials
        ? `the credentials of user "${this.credentials.username}" were refused`
        : 'anonymous access was refused';
      const fix = 'check the username and password (or token and its packages scopes)';
      throw refuse(`${who} by the token endpoint ${realm}; ${fix}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw refuse(`the token endpoint ${realm} failed`);
    }
    const body = tokenResponseSchema.safeParse(await response.json().catch(() => undefined));
    const token = body.success ? (body.data.token ?? body.data.access_token) : undefined;
    if (!token) throw refuse(`the token endpoint ${realm} answered without a token`);
    this.issued.push(token);
    // The token spec defaults expires_in to 60 s; renew 10 s early to avoid racing the edge.
    const lifetime = (body.success && body.data.expires_in ? body.data.expires_in : 60) * 1000;
    this.tokens.push({ scopes: new Set(scopes), token, expiresAt: this.now() + Math.max(lifetime - 10_000, 1_000) });
    return token;
  }
}

/** True when a token granted `held` is enough for `wanted` (push implies nothing else). */
function covers(held: Set<string>, wanted: readonly string[]): boolean {
  return wanted.every((scope) => {
    if (held.has(scope)) return true;
    const [kind, name, actions] = splitScope(scope);
    const need = actions.split(',');
    return [...held].some((h) => {
      const [hk, hn, ha] = splitScope(h);
      return hk === kind && hn === name && need.every((a) => ha.split(',').includes(a) || ha === '*');
    });
  });
}

function splitScope(scope: string): [string, string, string] {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  return [scope.slice(0, first), scope.slice(first + 1, last), scope.slice(last + 1)];
}

function scopeRepository(scopes: readonly string[]): string {
  const first = scopes[0];
  return first ? splitScope(first)[1] : '';
}
