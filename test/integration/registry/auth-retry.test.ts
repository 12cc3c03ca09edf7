import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  RegistryClient,
  RegistryError,
  getManifest,
  headManifest,
  listTags,
  uploadBlob,
  type RetryPolicy,
} from '../../../packages/core/src/registry/index.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { startTokenServer, type TokenServer } from '../../harness/token-server.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/fault-proxy.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

describe('Basic auth (distribution with htpasswd)', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
  });
  afterAll(() => registry?.stop());

  test('the right password pushes and pulls', async () => {
    const c = new RegistryClient({
      registry: registry.host,
      credentials: { username: registry.username!, password: registry.password! },
    });
    const image = await pushTinyImage(c, 'auth/app', { tag: 'v1' });
    expect((await headManifest(c, 'auth/app', 'v1'))?.digest).toBe(image.digest);
  });

  test('concurrent first requests on a fresh client all authenticate (merge reads every digest at once)', async () => {
    const credentials = { username: registry.username!, password: registry.password! };
    const pushed = await Promise.all(
      ['amd64', 'arm64'].map((tag) =>
        pushTinyImage(new RegistryClient({ registry: registry.host, credentials }), 'auth/concurrent', { tag }),
      ),
    );
    const c = new RegistryClient({ registry: registry.host, credentials });
    const manifests = await Promise.all(pushed.map((image) => getManifest(c, 'auth/concurrent', image.digest)));
    expect(manifests.map((m) => m.digest)).toEqual(pushed.map((image) => image.digest));
  });

  test('a wrong password fails with a message that names the registry and hides the password', async () => {
    const password = `${registry.password}-wrong`;
    const c = new RegistryClient({ registry: registry.host, credentials: { username: registry.username!, password } });
    const error = await getManifest(c, 'auth/app', 'v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    const message = (error as Error).message;
    expect(message).toContain(registry.host);
    expect(message).toContain('HTTP 401');
    expect(message).not.toContain(password);
    expect(message).not.toContain(Buffer.from(`${registry.username}:${password}`).toString('base64'));
    expect(JSON.stringify(error)).not.toContain(password);
  });

  test('no credentials is a 401 that says to check them', async () => {
    await expect(listTags(new RegistryClient({ registry: registry.host }), 'auth/app')).rejects.toThrow(/HTTP 401/);
  });
});

describe('Bearer token flow (GHCR-like token endpoint in front of distribution)', () => {
  let registry: LocalRegistry;
  let tokens: TokenServer;
  beforeAll(async () => {
    registry = await startRegistry();
    tokens = await startTokenServer({ upstream: registry.host });
  });
  afterAll(async () => {
    await tokens?.stop();
    await registry?.stop();
  });

  test('challenge → token with Basic credentials → request; tokens are reused per scope', async () => {
    const c = new RegistryClient({
      registry: tokens.host,
      credentials: { username: tokens.username, password: tokens.password },
    });
    const image = await pushTinyImage(c, 'owner/app', { tag: 'latest' });
    const pushTokens = tokens.tokenRequests.length;
    // The push token covers pull too: no new token for reads of the same repository.
    expect((await getManifest(c, 'owner/app', 'latest')).digest).toBe(image.digest);
    expect(await listTags(c, 'owner/app')).toEqual(['latest']);
    expect(tokens.tokenRequests.length).toBe(pushTokens);
    expect(tokens.tokenRequests.every((r) => r.authorized)).toBe(true);
    expect(tokens.tokenRequests[0]!.scopes).toContain('repository:owner/app:pull,push');
  });

  test('a token refused later (expired) is refreshed on 401, once', async () => {
    const c = new RegistryClient({
      registry: tokens.host,
      credentials: { username: tokens.username, password: tokens.password },
    });
    await pushTinyImage(c, 'owner/refresh', { tag: 'v1' });
    tokens.revokeTokens();
    const before = tokens.tokenRequests.length;
    expect(await headManifest(c, 'owner/refresh', 'v1')).toBeDefined();
    expect(tokens.tokenRequests.length).toBe(before + 1);
  });

  test('a wrong GITHUB_TOKEN fails at the token endpoint without showing it', async () => {
    const password = 'ghs_thisIsNotTheRightTokenAtAll0123456789';
    const c = new RegistryClient({ registry: tokens.host, credentials: { username: 'octocat', password } });
    const error = await getManifest(c, 'owner/app', 'latest').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /credentials of user "octocat" were refused by the token endpoint http:\/\/127\.0\.0\.1:\d+\/token/,
    );
    expect((error as Error).message).not.toContain(password);
  });
});

describe('retries on 429 and 5xx', () => {
  let registry: LocalRegistry;
  let proxy: FaultProxy;
  const waits: number[] = [];
  const retry: Partial<RetryPolicy> = { sleep: async (ms) => void waits.push(ms), baseDelayMs: 100, maxDelayMs: 5000 };
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startFaultProxy(registry.host);
  });
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  test('429 with Retry-After seconds, then 503 with an HTTP date, then success', async () => {
    waits.length = 0;
    const c = new RegistryClient({ registry: proxy.host, retry });
    const digest = await uploadBlob(c, 'retry/app', Buffer.from('hello'));
    proxy.inject(
      { status: 429, retryAfter: '2' },
      { status: 503, retryAfter: new Date(Date.now() + 60_000).toUTCString() },
    );
    const before = c.requestCount;
    const response = await c.send({
      method: 'HEAD',
      repository: 'retry/app',
      path: `blobs/${digest}`,
      action: 'check blob',
    });
    expect(response.status).toBe(200);
    expect(c.requestCount - before).toBe(3);
    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBe(5000); // a minute asked, capped
  });

  test('without Retry-After the wait doubles; after 4 tries the error names the status', async () => {
    waits.length = 0;
    const c = new RegistryClient({ registry: proxy.host, retry });
    proxy.inject({ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
    const error = await listTags(c, 'retry/app').catch((e: unknown) => e);
    expect(waits).toEqual([100, 200, 400]);
    expect(c.requestCount).toBe(4);
    expect((error as Error).message).toBe(
      `registry ${proxy.host}/retry/app: list tags failed (injected) (HTTP 502) [UNAVAILABLE]`,
    );
  });

  test.each([
    [403, 'PUT', 'manifests/1', 'put manifest'],
    [401, 'PUT', 'manifests/1', 'put manifest'],
    [404, 'GET', 'manifests/missing', 'get manifest'],
  ] as const)('a refused request (%i on %s %s) is sent once, never retried', async (status, method, path, action) => {
    waits.length = 0;
    const c = new RegistryClient({ registry: proxy.host, retry });
    const before = proxy.requests.length;
    proxy.inject({ status, match: (m, p) => m === method && p.endsWith(`/retry/app/${path}`) });
    const body =
      method === 'PUT'
        ? {
            body: new TextEncoder().encode('{}'),
            headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
          }
        : {};
    const error = await c
      .send({ method, repository: 'retry/app', path, action, access: 'push', ...body })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(`(HTTP ${status})`);
    expect(waits).toEqual([]);
    expect(proxy.requests.slice(before).filter((r) => r.method === method && r.path.endsWith(path))).toHaveLength(1);
  });
});
