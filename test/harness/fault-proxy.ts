import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forward } from './proxy.ts';

export interface Fault {
  status: number;
  /** Retry-After header value, seconds or an HTTP date. */
  retryAfter?: string;
  /** Only requests whose method and path match; default every request. */
  match?: (method: string, path: string) => boolean;
}

export interface FaultProxy {
  host: string;
  /** Queue faults; each answers one matching request instead of the registry. */
  inject(...faults: Fault[]): void;
  /** Requests seen, faulted or not. */
  requests: { method: string; path: string; status?: number }[];
  stop(): Promise<void>;
}

export interface FaultProxyOptions {
  /**
   * Serve `tags/list?n=&last=` in pages with `Link: <…>; rel="next"`, as GHCR and
   * distribution 3 do; distribution 2.8 ignores `n` for tags and returns one page.
   */
  paginateTags?: boolean;
}

/** A loopback proxy in front of a real registry that answers chosen requests with 429/5xx. */
export async function startFaultProxy(upstream: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const faults: Fault[] = [];
  const requests: FaultProxy['requests'] = [];
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const at = faults.findIndex((f) => !f.match || f.match(method, path));
    if (at >= 0) {
      const [fault] = faults.splice(at, 1);
      requests.push({ method, path, status: fault!.status });
      req.resume();
      res.writeHead(fault!.status, {
        'content-type': 'application/json',
        ...(fault!.retryAfter && { 'retry-after': fault!.retryAfter }),
      });
      res.end(JSON.stringify({ errors: [{ code: errorCode(fault!.status), message: 'injected' }] }));
      return;
    }
    requests.push({ method, path });
    const url = new URL(path, 'http://proxy');
    if (options.paginateTags && method === 'GET' && url.pathname.endsWith('/tags/list') && url.searchParams.has('n')) {
      void servePage(url, upstream).then(({ status, headers, body }) => {
        res.writeHead(status, headers);
        res.end(body);
      });
      return;
    }
    forward(req, res, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    inject: (...more) => faults.push(...more),
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The error code a registry sends with the status, so a client that decides by code (as
 * containers/image's retry does) sees a refusal as one.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
 */
function errorCode(status: number): string {
  const codes: Record<number, string> = {
    401: 'UNAUTHORIZED',
    403: 'DENIED',
    404: 'MANIFEST_UNKNOWN',
    429: 'TOOMANYREQUESTS',
  };
  return codes[status] ?? 'UNAVAILABLE';
}

async function servePage(
  url: URL,
  upstream: string,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const response = await fetch(`http://${upstream}${url.pathname}`);
  const body = await response.text();
  if (!response.ok) return { status: response.status, headers: { 'content-type': 'application/json' }, body };
  const list = JSON.parse(body) as { name: string; tags: string[] | null };
  const n = Number(url.searchParams.get('n'));
  const last = url.searchParams.get('last');
  const sorted = [...(list.tags ?? [])].sort();
  const rest = last ? sorted.filter((t) => t > last) : sorted;
  const page = rest.slice(0, n);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (rest.length > n) headers.link = `<${url.pathname}?n=${n}&last=${encodeURIComponent(page.at(-1)!)}>; rel="next"`;
  return { status: 200, headers, body: JSON.stringify({ name: list.name, tags: page }) };
}
