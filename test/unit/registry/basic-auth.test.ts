import { afterEach, expect, test, vi } from 'vitest';
import { listTags, RegistryClient } from '../../../packages/core/src/registry/index.ts';

// A registry with Basic auth (distribution's htpasswd): 401 + `WWW-Authenticate: Basic` for any
// request without the right password. Stubbed fetch, so the order of concurrent requests is ours.
const good = `Basic ${Buffer.from('ci-user:pw').toString('base64')}`;
function basicRegistry(): { sent: (string | undefined)[] } {
  const sent: (string | undefined)[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const authorization = (init.headers as Record<string, string>).authorization;
    sent.push(authorization);
    await new Promise((resolve) => setTimeout(resolve, 1)); // let every first request go out first
    if (authorization !== good)
      return new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', {
        status: 401,
        headers: { 'www-authenticate': 'Basic realm="test"' },
      });
    return Response.json({ name: 'octo-org/app', tags: ['v1'] });
  });
  return { sent };
}
afterEach(() => vi.unstubAllGlobals());

test('concurrent first requests to a Basic registry each retry with the password', async () => {
  const registry = basicRegistry();
  const client = new RegistryClient({
    registry: '127.0.0.1:5000',
    credentials: { username: 'ci-user', password: 'pw' },
  });
  // merge reads every platform's manifest at once on a fresh client: all three go out
  // before any 401 has told the client that the registry wants Basic.
  const results = await Promise.all([1, 2, 3].map(() => listTags(client, 'octo-org/app')));
  expect(results).toEqual([['v1'], ['v1'], ['v1']]);
  expect(registry.sent.filter((a) => a === undefined)).toHaveLength(3);
  expect(registry.sent.filter((a) => a === good)).toHaveLength(3);
  // Once known, Basic goes out with the first request.
  await listTags(client, 'octo-org/app');
  expect(registry.sent.at(-1)).toBe(good);
  expect(client.requestCount).toBe(7);
});

test('a refused password is not sent again: one retry, then the 401', async () => {
  const registry = basicRegistry();
  const client = new RegistryClient({
    registry: '127.0.0.1:5000',
    credentials: { username: 'ci-user', password: 'wrong' },
  });
  await expect(Promise.all([listTags(client, 'octo-org/app'), listTags(client, 'octo-org/app')])).rejects.toThrow(
    /authentication failed.*HTTP 401/,
  );
  expect(registry.sent.filter((a) => a?.startsWith('Basic '))).toHaveLength(2);
  await expect(listTags(client, 'octo-org/app')).rejects.toThrow(/HTTP 401/);
  expect(registry.sent).toHaveLength(5);
});

test('without credentials a Basic challenge is final', async () => {
  const registry = basicRegistry();
  await expect(listTags(new RegistryClient({ registry: '127.0.0.1:5000' }), 'octo-org/app')).rejects.toThrow(
    /HTTP 401/,
  );
  expect(registry.sent).toEqual([undefined]);
});
