import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Forwards one request to `upstream` (host:port) as is. The Host header is kept, so the
 * registry writes upload Locations that point back at the proxy.
 */
export function forward(req: IncomingMessage, res: ServerResponse, upstream: string): void {
  const [hostname, port] = upstream.split(':');
  const headers = { ...req.headers };
  delete headers.authorization;
  const upstreamReq = request(
    { hostname, port: Number(port), method: req.method, path: req.url, headers },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    },
  );
  upstreamReq.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`proxy: ${error.message}`);
  });
  req.pipe(upstreamReq);
}
