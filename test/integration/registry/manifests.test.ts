import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  RegistryClient,
  RegistryError,
  deleteManifest,
  getManifest,
  headManifest,
  putManifest,
  sha256Digest,
  MANIFEST_SIZE_LIMIT,
  OCI_MANIFEST,
} from '../../../packages/core/src/registry/index.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

let registry: LocalRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry?.stop());
const client = () => new RegistryClient({ registry: registry.host });

describe('manifests against distribution', () => {
  test('by tag and by digest give the same verified bytes; HEAD gives digest without the body', async () => {
    const c = client();
    const pushed = await pushTinyImage(c, 'm/app', { tag: 'v1' });
    const byTag = await getManifest(c, 'm/app', 'v1');
    const byDigest = await getManifest(c, 'm/app', pushed.digest);
    expect(byTag.digest).toBe(pushed.digest);
    expect(Buffer.compare(byTag.bytes, byDigest.bytes)).toBe(0);
    expect(byTag.mediaType).toBe(OCI_MANIFEST);
    expect(await headManifest(c, 'm/app', 'v1')).toEqual({
      digest: pushed.digest,
      mediaType: OCI_MANIFEST,
      size: pushed.size,
    });
    expect(await headManifest(c, 'm/app', 'v404')).toBeUndefined();
  });

  test('PUT under a digest that is not the bytes’ own is refused before sending', async () => {
    const c = client();
    const bytes = Buffer.from('{"schemaVersion":2}');
    await expect(putManifest(c, 'm/app', sha256Digest(Buffer.from('x')), bytes, OCI_MANIFEST)).rejects.toThrow(
      /hashes to/,
    );
    expect(c.requestCount).toBe(0);
  });

  test('delete by digest removes it; a second delete says it was gone', async () => {
    const c = client();
    const pushed = await pushTinyImage(c, 'm/del', { tag: 'gone' });
    expect(await deleteManifest(c, 'm/del', pushed.digest)).toBe(true);
    expect(await headManifest(c, 'm/del', pushed.digest)).toBeUndefined();
    expect(await deleteManifest(c, 'm/del', pushed.digest)).toBe(false);
  });

  test('an unknown tag is a 404 that names registry, repository, reference and the code', async () => {
    const error = await getManifest(client(), 'm/app', 'missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toBe(
      `registry ${registry.host}/m/app (missing): get manifest failed: ` +
        'not found (manifest unknown) (HTTP 404) [MANIFEST_UNKNOWN]',
    );
  });
});

describe('a hostile registry', () => {
  let server: Server;
  let host: string;
  const good = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'x', digest: `sha256:${'0'.repeat(64)}`, size: 1 },
      layers: [],
    }),
  );
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '';
      if (path.endsWith('/huge-declared')) {
        res.writeHead(200, { 'content-type': OCI_MANIFEST, 'content-length': String(MANIFEST_SIZE_LIMIT + 1) });
        res.write(Buffer.alloc(1024));
        setTimeout(() => res.destroy(), 500);
      } else if (path.endsWith('/huge-chunked')) {
        // No Content-Length: the cap must hold while streaming.
        res.writeHead(200, { 'content-type': OCI_MANIFEST });
        let sent = 0;
        const push = () => {
          while (sent <= MANIFEST_SIZE_LIMIT + 65536) {
            sent += 65536;
            if (!res.write(Buffer.alloc(65536, 32))) return res.once('drain', push);
          }
          res.end();
        };
        push();
      } else if (path.endsWith('/lying-tag')) {
        res.writeHead(200, {
          'content-type': OCI_MANIFEST,
          'docker-content-digest': sha256Digest(Buffer.from('other')),
        });
        res.end(good);
      } else {
        // Any digest asked for gets the same body: wrong for all but one.
        res.writeHead(200, { 'content-type': OCI_MANIFEST });
        res.end(good);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  test.each(['huge-declared', 'huge-chunked'])('a manifest over 4 MiB is refused (%s)', async (tag) => {
    await expect(getManifest(new RegistryClient({ registry: host }), 'evil/app', tag)).rejects.toThrow(
      /larger than 4194304 bytes/,
    );
  });

  test('a body that does not hash to the digest asked for is refused', async () => {
    const asked = sha256Digest(Buffer.from('what we wanted'));
    await expect(getManifest(new RegistryClient({ registry: host }), 'evil/app', asked)).rejects.toThrow(
      /does not match its digest/,
    );
    await expect(
      getManifest(new RegistryClient({ registry: host }), 'evil/app', sha256Digest(good)),
    ).resolves.toMatchObject({ digest: sha256Digest(good) });
  });

  test('by tag, a body that does not hash to Docker-Content-Digest is refused', async () => {
    await expect(getManifest(new RegistryClient({ registry: host }), 'evil/app', 'lying-tag')).rejects.toThrow(
      /does not match its digest/,
    );
  });
});
