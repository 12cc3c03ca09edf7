import { createHash } from 'node:crypto';
import { repositoryScope } from './challenge.ts';
import type { RegistryClient } from './client.ts';
import { readCapped, sha256Digest } from './digest.ts';
import { RegistryError } from './registry-error.ts';

// Blob endpoints: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs

/** HEAD a blob: its size, or undefined when the repository does not have it. */
export async function headBlob(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<{ size: number } | undefined> {
  const response = await client.send({
    method: 'HEAD',
    repository,
    reference: digest,
    path: `blobs/${digest}`,
    allow: [404],
    action: 'check blob',
  });
  if (response.status === 404) return undefined;
  return { size: Number(response.headers.get('content-length') ?? 0) };
}

export interface BlobStream {
  size: number;
  /** Errors at its end if the bytes do not hash to the digest asked for. */
  stream: ReadableStream<Uint8Array>;
}

/**
 * GET a blob as a stream. GHCR and S3-backed registries redirect to storage; fetch follows
 * and, per the Fetch standard, drops our Authorization header on the cross-origin hop.
 */
export async function getBlob(client: RegistryClient, repository: string, digest: string): Promise<BlobStream> {
  const response = await client.send({
    method: 'GET',
    repository,
    reference: digest,
    path: `blobs/${digest}`,
    action: 'get blob',
  });
  const hash = createHash('sha256');
  const registry = client.registry;
  const verify = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      controller.enqueue(chunk);
    },
    flush(controller) {
      const computed = `sha256:${hash.digest('hex')}`;
      if (digest.startsWith('sha256:') && computed !== digest) {
        controller.error(
          new RegistryError(
            registry,
            repository,
            digest,
            0,
            `the blob hashes to ${computed}; refusing content that does not match its digest`,
          ),
        );
      }
    },
  });
  const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  return { size: Number(response.headers.get('content-length') ?? 0), stream: body.pipeThrough(verify) };
}

/** GET a small blob (an image config) whole, verified, at most `limit` bytes. */
export async function readBlob(
  client: RegistryClient,
  repository: string,
  digest: string,
  limit = 4 * 1024 * 1024,
): Promise<Uint8Array> {
  const response = await client.send({
    method: 'GET',
    repository,
    reference: digest,
    path: `blobs/${digest}`,
    action: 'get blob',
  });
  const bytes = await readCapped(response, limit);
  if (bytes === 'too-large')
    throw new RegistryError(
      client.registry,
      repository,
      digest,
      response.status,
      `the blob is larger than ${limit} bytes; refused`,
    );
  const computed = sha256Digest(bytes);
  if (digest.startsWith('sha256:') && computed !== digest)
    throw new RegistryError(
      client.registry,
      repository,
      digest,
      response.status,
      `the blob hashes to ${computed}; refusing content that does not match its digest`,
    );
  return bytes;
}

/** POST to open an upload session; returns its Location. */
async function startUpload(client: RegistryClient, repository: string, digest: string): Promise<string> {
  const response = await client.send({
    method: 'POST',
    repository,
    reference: digest,
    path: 'blobs/uploads/',
    access: 'push',
    action: 'start blob upload',
  });
  await response.body?.cancel();
  return uploadLocation(client, repository, digest, response);
}

function uploadLocation(client: RegistryClient, repository: string, digest: string, response: Response): string {
  const location = response.headers.get('location');
  if (!location)
    throw new RegistryError(
      client.registry,
      repository,
      digest,
      response.status,
      'the registry opened an upload without a Location header',
    );
  return new URL(location, client.baseUrl).toString();
}

async function finishUpload(
  client: RegistryClient,
  repository: string,
  digest: string,
  location: string,
  body?: Uint8Array,
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  const response = await client.send({
    method: 'PUT',
    repository,
    reference: digest,
    path: location,
    query: { digest },
    headers,
    ...(body && { body }),
    access: 'push',
    action: 'finish blob upload',
  });
  await response.body?.cancel();
  const stored = response.headers.get('docker-content-digest');
  if (stored && stored !== digest)
    throw new RegistryError(
      client.registry,
      repository,
      digest,
      response.status,
      `the registry stored the blob as ${stored}`,
    );
}

/** Monolithic upload, POST then PUT with the whole body. Returns the digest. */
export async function uploadBlob(
  client: RegistryClient,
  repository: string,
  bytes: Uint8Array,
  location?: string,
): Promise<string> {
  const digest = sha256Digest(bytes);
  await finishUpload(client, repository, digest, location ?? (await startUpload(client, repository, digest)), bytes);
  return digest;
}

/**
 * Chunked upload: PATCH each chunk with its inclusive Content-Range, then PUT the digest.
 * Chunks must arrive in order; each answer carries the Location for the next.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-a-blob-in-chunks
 */
export async function uploadBlobChunked(
  client: RegistryClient,
  repository: string,
  digest: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  location?: string,
): Promise<void> {
  let next = location ?? (await startUpload(client, repository, digest));
  let offset = 0;
  const hash = createHash('sha256');
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    hash.update(chunk);
    const response = await client.send({
      method: 'PATCH',
      repository,
      reference: digest,
      path: next,
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `${offset}-${offset + chunk.byteLength - 1}`,
        'content-length': String(chunk.byteLength),
      },
      body: chunk,
      access: 'push',
      action: 'upload blob chunk',
    });
    await response.body?.cancel();
    next = uploadLocation(client, repository, digest, response);
    offset += chunk.byteLength;
  }
  const computed = `sha256:${hash.digest('hex')}`;
  if (computed !== digest)
    throw new RegistryError(
      client.registry,
      repository,
      digest,
      0,
      `the uploaded bytes hash to ${computed}; not finishing the upload`,
    );
  await finishUpload(client, repository, digest, next);
}

export type MountResult = { mounted: true } | { mounted: false; location: string };

/**
 * Cross-repository mount: one POST, no bytes, when the registry has the blob in `from` and
 * we may read it there. Otherwise the registry opens a normal upload session (202), which
 * the caller uses to copy the bytes.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#mounting-a-blob-from-another-repository
 */
export async function mountBlob(
  client: RegistryClient,
  repository: string,
  digest: string,
  from: string,
): Promise<MountResult> {
  const response = await client.send({
    method: 'POST',
    repository,
    reference: digest,
    path: 'blobs/uploads/',
    query: { mount: digest, from },
    access: 'push',
    extraScopes: [repositoryScope(from, ['pull'])],
    action: `mount blob from ${from}`,
  });
  await response.body?.cancel();
  if (response.status === 201) return { mounted: true };
  return { mounted: false, location: uploadLocation(client, repository, digest, response) };
}

/** Splits a stream into chunks of at most `size` bytes, for chunked uploads. */
export async function* rechunk(stream: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let length = 0;
  for await (const part of stream) {
    pending.push(part);
    length += part.byteLength;
    while (length >= size) {
      const all = Buffer.concat(pending);
      yield all.subarray(0, size);
      pending = [all.subarray(size)];
      length = all.byteLength - size;
    }
  }
  if (length > 0) yield Buffer.concat(pending);
}

/**
 * Makes `digest` present in `target`/`repository`: nothing if there, a mount within one
 * registry, else a streamed copy from the source in chunks (never the whole blob in memory).
 */
export async function copyBlob(
  source: RegistryClient,
  sourceRepository: string,
  target: RegistryClient,
  repository: string,
  digest: string,
  options: { chunkSize?: number; checkFirst?: boolean } = {},
): Promise<'present' | 'mounted' | 'copied'> {
  if (options.checkFirst !== false && (await headBlob(target, repository, digest))) return 'present';
  let location: string | undefined;
  if (source.registry === target.registry) {
    const mount = await mountBlob(target, repository, digest, sourceRepository);
    if (mount.mounted) return 'mounted';
    location = mount.location;
  }
  const blob = await getBlob(source, sourceRepository, digest);
  await uploadBlobChunked(
    target,
    repository,
    digest,
    rechunk(blob.stream, options.chunkSize ?? 8 * 1024 * 1024),
    location,
  );
  return 'copied';
}
