import { createHash } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OCI 1.1 registry in front of distribution 2.8 (which has no referrers API): it indexes
 * manifests pushed with a `subject`, answers PUT with `OCI-Subject`, and serves
 * `GET /v2/<name>/referrers/<digest>` with `artifactType` filtering, as the spec says.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers
 */
export interface ReferrersRegistry {
  host: string;
  requests: string[];
  stop(): Promise<void>;
}

export async function startReferrersRegistry(upstream: string): Promise<ReferrersRegistry> {
  const referrers = new Map<string, Array<Record<string, unknown>>>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://registry');
      requests.push(`${req.method} ${url.pathname}`);
      const list = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
      if (req.method === 'GET' && list) {
        const type = url.searchParams.get('artifactType');
        const all = referrers.get(`${list[1]}@${list[2]}`) ?? [];
        const manifests = type ? all.filter((d) => d.artifactType === type) : all;
        res.writeHead(200, {
          'content-type': 'application/vnd.oci.image.index.v1+json',
          ...(type && { 'oci-filters-applied': 'artifactType' }),
        });
        res.end(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
        return;
      }
      const put = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
      let subject: string | undefined;
      if (req.method === 'PUT' && put) {
        const manifest = JSON.parse(body.toString('utf8')) as {
          subject?: { digest: string };
          artifactType?: string;
          config?: { mediaType: string };
          annotations?: Record<string, string>;
          mediaType?: string;
        };
        if (manifest.subject) {
          subject = manifest.subject.digest;
          const key = `${put[1]}@${subject}`;
          const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
          const entry = {
            mediaType: manifest.mediaType ?? String(req.headers['content-type']),
            digest,
            size: body.byteLength,
            artifactType: manifest.artifactType ?? manifest.config?.mediaType,
            ...(manifest.annotations && { annotations: manifest.annotations }),
          };
          referrers.set(key, [...(referrers.get(key) ?? []).filter((d) => d.digest !== digest), entry]);
        }
      }
      const [host, port] = upstream.split(':');
      const forward = httpRequest(
        { host, port: Number(port), method: req.method, path: req.url, headers: { ...req.headers, host: upstream } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, {
            ...up.headers,
            ...(subject && up.statusCode === 201 && { 'oci-subject': subject }),
          });
          up.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
