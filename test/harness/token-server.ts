import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { forward } from './proxy.ts';

export interface TokenServer {
  /** Host of the Bearer-protected registry (the proxy): use it as the registry. */
  host: string;
  realm: string;
  username: string;
  password: string;
  /** Token requests seen, with the scopes asked for. */
  tokenRequests: { scopes: string[]; authorized: boolean }[];
  /** Invalidate every issued token, as an expiry would. */
  revokeTokens(): void;
  stop(): Promise<void>;
}

/**
 * A loopback stand-in for GHCR's auth: requests without a valid Bearer token get a 401 with
 * `WWW-Authenticate: Bearer realm=…,service=…,scope=…`; `GET /token` with Basic credentials
 * returns `{token, expires_in}`; valid requests are proxied to a real registry.
 * https://distribution.github.io/distribution/spec/auth/token/
 */
export async function startTokenServer(options: {
  upstream: string;
  username?: string;
  password?: string;
}): Promise<TokenServer> {
  const username = options.username ?? 'octocat';
  const password = options.password ?? `ghs_${randomBytes(18).toString('hex')}`;
  const tokens = new Map<string, Set<string>>();
  const tokenRequests: TokenServer['tokenRequests'] = [];
  let host = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/token') {
      const scopes = url.searchParams.getAll('scope');
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const given = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
      const authorized = given === `${username}:${password}`;
      tokenRequests.push({ scopes, authorized });
      if (!authorized) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
        return;
      }
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, new Set(scopes));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    const match = /^\/v2\/(.+?)\/(manifests|blobs|tags|referrers)\//.exec(url.pathname);
    const repository = match?.[1];
    const action = req.method === 'GET' || req.method === 'HEAD' ? 'pull' : req.method === 'DELETE' ? 'delete' : 'push';
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const granted = bearer ? tokens.get(bearer) : undefined;
    const needed = repository ? [`repository:${repository}:${action}`] : [];
    const from = url.searchParams.get('from');
    if (from) needed.push(`repository:${from}:pull`);
    const allowed = granted !== undefined && needed.every((scope) => hasScope(granted, scope));
    if (!allowed) {
      const challengeScope = repository
        ? `,scope="repository:${repository}:${action === 'pull' ? 'pull' : `pull,${action}`}"`
        : '';
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer realm="http://${host}/token",service="${host}"${challengeScope}`,
      });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    forward(req, res, options.upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    realm: `http://${host}/token`,
    username,
    password,
    tokenRequests,
    revokeTokens: () => tokens.clear(),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hasScope(granted: Set<string>, needed: string): boolean {
  const [kind, name, action] = splitScope(needed);
  return [...granted].some((scope) => {
    const [k, n, actions] = splitScope(scope);
    return k === kind && n === name && actions.split(',').includes(action);
  });
}

function splitScope(scope: string): [string, string, string] {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  return [scope.slice(0, first), scope.slice(first + 1, last), scope.slice(last + 1)];
}
