import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  RegistryClient,
  copyBlob,
  getBlob,
  headBlob,
  mountBlob,
  readBlob,
  sha256Digest,
  uploadBlob,
  uploadBlobChunked,
  RegistryError,
} from '../../../packages/core/src/registry/index.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';

let registry: LocalRegistry;
let other: LocalRegistry;
beforeAll(async () => {
  [registry, other] = await Promise.all([startRegistry(), startRegistry()]);
});
afterAll(async () => {
  await Promise.all([registry?.stop(), other?.stop()]);
});

const client = () => new RegistryClient({ registry: registry.host });
const readAll = async (stream: ReadableStream<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
};

describe('blobs against distribution', () => {
  test('monolithic upload then HEAD and streamed GET give the same bytes', async () => {
    const c = client();
    const bytes = randomBytes(100_000);
    const digest = await uploadBlob(c, 'blobs/mono', bytes);
    expect(digest).toBe(sha256Digest(bytes));
    expect(await headBlob(c, 'blobs/mono', digest)).toEqual({ size: 100_000 });
    const blob = await getBlob(c, 'blobs/mono', digest);
    expect(Buffer.compare(await readAll(blob.stream), bytes)).toBe(0);
    expect(c.requestCount).toBe(4);
  });

  test('chunked upload with Content-Range in three PATCHes', async () => {
    const c = client();
    const bytes = randomBytes(250_000);
    const digest = sha256Digest(bytes);
    await uploadBlobChunked(c, 'blobs/chunked', digest, [
      bytes.subarray(0, 100_000),
      bytes.subarray(100_000, 200_000),
      bytes.subarray(200_000),
    ]);
    expect(c.requestCount).toBe(5); // POST, 3 × PATCH, PUT
    expect(Buffer.compare(await readBlob(c, 'blobs/chunked', digest), bytes)).toBe(0);
  });

  test('chunked upload refuses to finish when the bytes do not match the digest', async () => {
    const wrong = sha256Digest(Buffer.from('something else'));
    await expect(uploadBlobChunked(client(), 'blobs/chunked', wrong, [randomBytes(10)])).rejects.toThrow(
      /hash to sha256:/,
    );
    expect(await headBlob(client(), 'blobs/chunked', wrong)).toBeUndefined();
  });

  test('cross-repository mount takes one request and no bytes', async () => {
    const c = client();
    const digest = await uploadBlob(c, 'blobs/source', randomBytes(5000));
    const before = c.requestCount;
    expect(await mountBlob(c, 'blobs/target', digest, 'blobs/source')).toEqual({ mounted: true });
    expect(c.requestCount - before).toBe(1);
    expect(await headBlob(c, 'blobs/target', digest)).toBeDefined();
  });

  test('mount of an unknown blob opens an upload session we can use', async () => {
    const c = client();
    const bytes = randomBytes(3000);
    const result = await mountBlob(c, 'blobs/target2', sha256Digest(bytes), 'blobs/nowhere');
    expect(result.mounted).toBe(false);
    if (result.mounted) return;
    await uploadBlob(c, 'blobs/target2', bytes, result.location);
    expect(await headBlob(c, 'blobs/target2', sha256Digest(bytes))).toEqual({ size: 3000 });
  });

  test('copy across registries streams in chunks; a second copy finds it present', async () => {
    const source = client();
    const target = new RegistryClient({ registry: other.host });
    const bytes = randomBytes(300_000);
    const digest = await uploadBlob(source, 'blobs/x', bytes);
    expect(await copyBlob(source, 'blobs/x', target, 'copied/x', digest, { chunkSize: 128 * 1024 })).toBe('copied');
    expect(Buffer.compare(await readBlob(target, 'copied/x', digest), bytes)).toBe(0);
    expect(await copyBlob(source, 'blobs/x', target, 'copied/x', digest)).toBe('present');
    expect(await copyBlob(source, 'blobs/x', source, 'blobs/y', digest)).toBe('mounted');
  });

  test('an unknown blob is a 404 RegistryError naming registry, repository and digest', async () => {
    const digest = sha256Digest(Buffer.from('nope'));
    const error = await readBlob(client(), 'blobs/mono', digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(404);
    expect((error as Error).message).toContain(`${registry.host}/blobs/mono (${digest})`);
    expect((error as Error).message).toMatch(/HTTP 404.*BLOB_UNKNOWN/);
  });
});
