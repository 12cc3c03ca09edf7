import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';

/**
 * A loopback stand-in for the runner's artifact service, as @actions/artifact v2+ talks to it:
 *
 * - Twirp JSON RPCs at `POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>`,
 *   bearer ACTIONS_RUNTIME_TOKEN, fields in proto names (`workflow_run_backend_id`), errors as
 *   `{"code","msg"}` with the HTTP status Twirp maps the code to (409 for already_exists).
 *   https://twitchtv.github.io/twirp/docs/spec_v7.html
 *   https://github.com/actions/toolkit/blob/main/packages/artifact/src/generated/results/api/v1/artifact.ts
 * - the signed upload URL CreateArtifact hands out, served here too and speaking the part of
 *   the Azure Blob block-blob protocol @azure/storage-blob's `uploadStream` uses: Put Block
 *   (`PUT ?comp=block&blockid=…`) then Put Block List (`PUT ?comp=blocklist`, an XML list of
 *   block ids), each answered 201 with the headers the service sends.
 *   https://learn.microsoft.com/en-us/rest/api/storageservices/put-block
 *   https://learn.microsoft.com/en-us/rest/api/storageservices/put-block-list
 *
 * The backend ids the client sends come from the token's `scp` claim
 * (`Actions.Results:<runId>:<jobId>`); the simulator refuses any others, and refuses a second
 * artifact of the same name in a run as the real service does.
 *
 * With `act: true` it answers as act 0.2.89's server does (pkg/artifacts/artifacts_v4.go):
 * request bodies parsed strictly, so a field act's protobuf lacks gets a 500 with no body; run
 * ids that are not integers a bare 400; camelCase JSON answers; and a signed URL whose `sig` is
 * padded base64, compared as sent, so a client that drops the `=` gets a bare 401.
 */
export interface ArtifactServiceOptions {
  runId?: string;
  jobId?: string;
  act?: boolean;
}

/** The request fields act 0.2.89's protobuf knows, per method (proto names; protojson also takes camelCase). */
const ACT_FIELDS: Record<string, string[]> = {
  CreateArtifact: ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name', 'expires_at', 'version'],
  FinalizeArtifact: ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name', 'size', 'hash'],
  ListArtifacts: ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name_filter', 'id_filter'],
  GetSignedArtifactURL: ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name'],
};
const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface StoredArtifact {
  id: number;
  name: string;
  runId: string;
  jobId: string;
  /** The committed blob: the zip @actions/artifact built. */
  blob: Buffer;
  /** What FinalizeArtifact reported: size in bytes and `sha256:<hex>`. */
  size: string;
  hash: string;
  mimeType: string;
  finalized: boolean;
}

export interface ArtifactService {
  url: string;
  /** ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL for the action's environment. */
  env: Record<string, string>;
  artifacts: StoredArtifact[];
  /** Every request as `METHOD path?query`, in order, for tests that check the protocol used. */
  requests: string[];
  stop(): Promise<void>;
}

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';

/** An unsigned JWT: @actions/artifact only decodes the payload (jwt-decode), it never verifies. */
function runtimeToken(runId: string, jobId: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const scp = `Actions.GenericRead:${runId} Actions.Results:${runId}:${jobId}`;
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ typ: 'JWT', alg: 'none' })}.${part({ scp, exp })}.sig`;
}

export async function startArtifactService(options: ArtifactServiceOptions = {}): Promise<ArtifactService> {
  // act takes the run id as an integer and signs URLs with padded base64 (an HMAC-SHA256: one `=`).
  const runId = options.runId ?? (options.act ? '1' : randomBytes(16).toString('hex'));
  const jobId = options.jobId ?? (options.act ? '1' : randomBytes(16).toString('hex'));
  const token = runtimeToken(runId, jobId);
  const signature = options.act
    ? randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
    : randomBytes(16).toString('base64url');
  const artifacts: StoredArtifact[] = [];
  const requests: string[] = [];
  // Staged, uncommitted blocks per blob path, as the blob service keeps them until Put Block List.
  const staged = new Map<string, Map<string, Buffer>>();
  let nextId = 1000;
  let base = '';

  const twirpError = (res: ServerResponse, status: number, code: string, msg: string) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, msg }));
  };
  const blobHeaders = (extra: Record<string, string> = {}) => ({
    'x-ms-request-id': randomBytes(16).toString('hex'),
    'x-ms-version': '2025-11-05',
    date: new Date().toUTCString(),
    ...extra,
  });
  /** 201 for a committed blob, with the etag and date the service sends. */
  const committed = (res: ServerResponse, extra: Record<string, string>) => {
    const etag = `"0x${randomBytes(8).toString('hex').toUpperCase()}"`;
    res.writeHead(201, blobHeaders({ etag, 'last-modified': new Date().toUTCString(), ...extra })).end();
  };
  const blobError = (res: ServerResponse, status: number, code: string, message: string) => {
    res
      .writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code, ...blobHeaders() })
      .end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  };

  const bare = (res: ServerResponse, status: number) => res.writeHead(status).end();
  const signedUrl = (name: string) => {
    const expiry = new Date(Date.now() + 3600_000).toISOString();
    const path = `/blob/actions-results/${runId}/${encodeURIComponent(name)}.zip`;
    return `${base}${path}?sv=2025-11-05&sr=b&sp=cw&se=${encodeURIComponent(expiry)}&sig=${signature}`;
  };

  const createArtifact = (name: string, mimeType: string) => {
    const fields = { blob: Buffer.alloc(0), size: '', hash: '', finalized: false };
    artifacts.push({ id: nextId++, name, runId, jobId, mimeType, ...fields });
  };

  const actTwirp = (method: string, body: Record<string, unknown>, res: ServerResponse) => {
    const known = ACT_FIELDS[method];
    if (!known) return bare(res, 404);
    if (Object.keys(body).some((key) => !known.includes(snakeCase(key)))) return bare(res, 500);
    const field = (key: string) => body[key] ?? body[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
    if (!/^\d+$/.test(String(field('workflow_run_backend_id')))) return bare(res, 400);
    const name = String(field('name') ?? '');
    const json = (value: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(value));
    if (method === 'CreateArtifact') {
      createArtifact(name, '');
      return json({ ok: true, signedUploadUrl: signedUrl(name) });
    }
    if (method === 'FinalizeArtifact') {
      const artifact = artifacts.find((a) => a.name === name && !a.finalized);
      if (artifact) Object.assign(artifact, { size: String(field('size')), finalized: true });
      return json({ ok: true, artifactId: String(artifact?.id ?? 0) });
    }
    if (method === 'GetSignedArtifactURL') return json({ signedUrl: signedUrl(name) });
    return json({ artifacts: [] });
  };

  const twirp = (method: string, body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => {
    if (options.act) return actTwirp(method, body, res);
    if (req.headers.authorization !== `Bearer ${token}`)
      return twirpError(res, 401, 'unauthenticated', 'bad or missing runtime token');
    if (body.workflow_run_backend_id !== runId || body.workflow_job_run_backend_id !== jobId)
      return twirpError(res, 400, 'invalid_argument', 'backend ids do not match the token');
    const name = String(body.name ?? '');
    if (method === 'CreateArtifact') {
      if (body.version !== 7)
        return twirpError(res, 400, 'invalid_argument', `unsupported artifact version ${String(body.version)}`);
      if (artifacts.some((a) => a.name === name))
        return twirpError(res, 409, 'already_exists', 'an artifact with this name already exists on the workflow run');
      createArtifact(name, String((body.mime_type as string | undefined) ?? ''));
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, signed_upload_url: signedUrl(name) }));
    }
    if (method === 'GetSignedArtifactURL') {
      // A download URL, for finalized artifacts only, as the service keeps no half-uploaded ones.
      if (!artifacts.some((a) => a.name === name && a.finalized))
        return twirpError(res, 404, 'not_found', `no artifact ${name}`);
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ signed_url: signedUrl(name) }));
    }
    if (method === 'FinalizeArtifact') {
      const artifact = artifacts.find((a) => a.name === name && !a.finalized);
      if (!artifact) return twirpError(res, 404, 'not_found', `no artifact ${name} to finalize`);
      if (String(body.size) !== String(artifact.blob.length))
        return twirpError(
          res,
          400,
          'invalid_argument',
          `size ${String(body.size)} is not the ${artifact.blob.length} bytes uploaded`,
        );
      const hash = (body.hash as string | undefined) ?? '';
      if (hash && hash !== `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`)
        return twirpError(res, 400, 'invalid_argument', 'hash does not match the uploaded blob');
      Object.assign(artifact, { size: String(body.size), hash, finalized: true });
      // int64 fields travel as JSON strings in the protobuf JSON mapping.
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, artifact_id: String(artifact.id) }));
    }
    return twirpError(res, 404, 'bad_route', `no handler for ${method}`);
  };

  const blob = (url: URL, payload: Buffer, req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'PUT') return blobError(res, 405, 'UnsupportedHttpVerb', 'only PUT is simulated');
    if (url.searchParams.get('sig') !== signature) {
      return options.act ? bare(res, 401) : blobError(res, 403, 'AuthenticationFailed', 'signature did not match');
    }
    const name = decodeURIComponent(
      url.pathname
        .split('/')
        .pop()!
        .replace(/\.zip$/, ''),
    );
    const artifact = artifacts.find((a) => a.name === name && !a.finalized);
    if (!artifact) return blobError(res, 404, 'ContainerNotFound', 'no artifact is being created under this URL');
    const blocks = staged.get(url.pathname) ?? new Map<string, Buffer>();
    staged.set(url.pathname, blocks);
    const comp = url.searchParams.get('comp');
    const md5 = createHash('md5').update(payload).digest('base64');
    if (comp === 'block') {
      const id = url.searchParams.get('blockid');
      if (!id) return blobError(res, 400, 'InvalidQueryParameterValue', 'blockid is required');
      blocks.set(id, payload);
      return res.writeHead(201, blobHeaders({ 'content-md5': md5, 'x-ms-request-server-encrypted': 'true' })).end();
    }
    if (comp === 'blocklist') {
      const ids = [
        ...payload
          .toString('utf8')
          .matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\/(?:Latest|Uncommitted|Committed)>/g),
      ].map((m) => m[1]!);
      const missing = ids.filter((id) => !blocks.has(id));
      if (missing.length) return blobError(res, 400, 'InvalidBlockList', `blocks never staged: ${missing.join(', ')}`);
      artifact.blob = Buffer.concat(ids.map((id) => blocks.get(id)!));
      staged.delete(url.pathname);
      return committed(res, { 'x-ms-request-server-encrypted': 'true' });
    }
    // A single Put Blob, which newer clients may use for small bodies.
    if (!comp && req.headers['x-ms-blob-type'] === 'BlockBlob') {
      artifact.blob = payload;
      return committed(res, { 'content-md5': md5 });
    }
    return blobError(res, 400, 'InvalidQueryParameterValue', `comp=${comp ?? ''} is not simulated`);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      requests.push(`${req.method} ${url.pathname}${url.search.replace(/sig=[^&]+/, 'sig=***')}`);
      const payload = Buffer.concat(chunks);
      if (url.pathname.startsWith(SERVICE) && req.method === 'POST') {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
        } catch {
          return twirpError(res, 400, 'malformed', 'the body is not JSON');
        }
        return twirp(url.pathname.slice(SERVICE.length), body, req, res);
      }
      if (url.pathname.startsWith('/blob/')) return blob(url, payload, req, res);
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    env: { ACTIONS_RUNTIME_TOKEN: token, ACTIONS_RESULTS_URL: `${base}/` },
    artifacts,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The files of a zip, read through its central directory (archiver streams entries with data
 * descriptors, so the local headers carry no sizes). Stored (0) and deflated (8) entries only.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (4.3.12, 4.3.16)
 */
export function unzipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (!name.endsWith('/'))
      files.set(
        name,
        method === 8
          ? inflateRawSync(data)
          : method === 0
            ? Buffer.from(data)
            : (() => {
                throw new Error(`${name}: compression method ${method}`);
              })(),
      );
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
