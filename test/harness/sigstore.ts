import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn,
} from '@sigstore/mock';

/**
 * A whole Sigstore on loopback: @sigstore/mock's Fulcio (with a CT log), Rekor and timestamp
 * authority behind one HTTP server, plus the runner's OIDC token endpoint. The mock ships no
 * trusted root, so this builds one from its keys (trusted_root.json, protobuf-specs JSON).
 * https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_trustroot.proto
 */
export interface LocalSigstore {
  url: string;
  /** For ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN. */
  tokenUrl: string;
  requestToken: string;
  /** The claims the next token carries; tests change them to play another run. */
  claims: Record<string, string>;
  /** trusted_root.json for this instance: with the log (public-good style) and/or the TSA (GitHub style). */
  trustedRoot(parts?: { tlog?: boolean; tsa?: boolean }): Record<string, unknown>;
  requests: string[];
  stop(): Promise<void>;
}

export interface LocalSigstoreOptions {
  claims: Record<string, string>;
  /** Backdates the certificates Fulcio issues (they live 10 minutes), to test expiry. */
  certificatesIssuedAgoMs?: number;
}

export async function startSigstore(options: LocalSigstoreOptions): Promise<LocalSigstore> {
  const key = (curve: string) => generateKeyPairSync('ec', { namedCurve: curve });
  // One clock for the log and the TSA, moved to the current whole second before each request:
  // certificates encode seconds only, so a time with milliseconds could fall before notBefore.
  const clock = new Date(Math.floor(Date.now() / 1000) * 1000);
  const caClock = new Date(clock);
  const tick = () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    clock.setTime(now);
    caClock.setTime(now - (options.certificatesIssuedAgoMs ?? 0));
  };
  const ctLog = await initializeCTLog(key('prime256v1'), clock);
  const ca = await initializeCA(key('prime256v1'), ctLog, caClock);
  const tsa = await initializeTSA(key('prime256v1'), clock);
  const requestToken = `runtime-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 16)}`;
  const requests: string[] = [];
  const state = { claims: options.claims };

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tlog = await initializeTLog(url, key('prime256v1'), clock);

  const fulcio = fulcioHandler(ca, { subjectClaim: 'fulcio_subject' }).fn;
  // Real Fulcio names a GitHub Actions certificate after the job's workflow, not its `sub`:
  // https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md. The mock takes one claim
  // as the subject, so the request's token gets that claim added here.
  const withGitHubSubject: HandlerFn = (body) => {
    const json = JSON.parse(body) as { credentials: { oidcIdentityToken: string } };
    const [header, payload, signature] = json.credentials.oidcIdentityToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, string>;
    claims.fulcio_subject = `https://github.com/${claims.job_workflow_ref}`;
    json.credentials.oidcIdentityToken = [
      header,
      Buffer.from(JSON.stringify(claims)).toString('base64url'),
      signature,
    ].join('.');
    return fulcio(JSON.stringify(json));
  };
  const routes: Record<string, HandlerFn> = {
    '/api/v2/signingCert': withGitHubSubject,
    '/api/v1/log/entries': rekorHandler(tlog).fn,
    '/api/v1/timestamp': tsaHandler(tsa).fn,
  };

  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = new URL(req.url ?? '/', url).pathname;
      requests.push(`${req.method} ${path}`);
      tick();
      if (path === '/oidc/token') {
        if (req.headers.authorization !== `Bearer ${requestToken}`) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"bad runtime token"}');
          return;
        }
        const audience = new URL(req.url ?? '/', url).searchParams.get('audience') ?? '';
        const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        const header = part({ alg: 'RS256', typ: 'JWT', kid: 'local' });
        const payload = part({ ...state.claims, aud: audience, iat: now, nbf: now, exp: now + 300 });
        const jwt = `${header}.${payload}.bG9jYWw`;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt }));
        return;
      }
      const handler = routes[path];
      if (!handler || req.method !== 'POST') {
        res.writeHead(404).end('not found');
        return;
      }
      const result = await handler(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(result.statusCode, { 'content-type': result.contentType ?? 'text/plain' });
      res.end(
        typeof result.response === 'string'
          ? result.response
          : Buffer.from(result.response.buffer, result.response.byteOffset, result.response.byteLength),
      );
    });
  });

  const start = new Date(clock.getTime() - 24 * 3600 * 1000).toISOString();
  const b64 = (bytes: ArrayBufferView | Buffer) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const subject = (der: ArrayBufferView) => {
    const cert = new X509Certificate(Buffer.from(der.buffer, der.byteOffset, der.byteLength));
    const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(cert.subject)?.[1] ?? '';
    return { organization: field('O'), commonName: field('CN') };
  };
  const key256 = (raw: Buffer, logId: Buffer | ArrayBufferView, baseUrl: string) => ({
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: b64(raw), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
    logId: { keyId: b64(logId) },
  });

  return {
    url,
    tokenUrl: `${url}/oidc/token`,
    requestToken,
    get claims() {
      return state.claims;
    },
    set claims(value) {
      state.claims = value;
    },
    requests,
    trustedRoot(parts = { tlog: true, tsa: true }) {
      return {
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        tlogs: parts.tlog ? [key256(tlog.publicKey, createHash('sha256').update(tlog.publicKey).digest(), url)] : [],
        certificateAuthorities: [
          {
            subject: subject(ca.rootCertificate),
            uri: url,
            certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
            validFor: { start },
          },
        ],
        ctlogs: [key256(ctLog.publicKey, ctLog.logID, url)],
        timestampAuthorities: parts.tsa
          ? [
              {
                subject: subject(tsa.rootCertificate),
                uri: url,
                certChain: {
                  certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }],
                },
                validFor: { start },
              },
            ]
          : [],
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
