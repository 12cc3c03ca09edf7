import { describe, expect, test } from 'vitest';
import {
  credentialsFromDockerConfig,
  nextLink,
  parseChallenge,
  parseRetryAfter,
  redactSecrets,
  retryDelay,
  DEFAULT_RETRY,
  basicCredential,
} from '../../../packages/core/src/registry/index.ts';

describe('parseChallenge', () => {
  test.each([
    [
      'GHCR',
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull"',
      {
        scheme: 'bearer',
        params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:o/r:pull' },
      },
    ],
    [
      'comma inside a quoted scope',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull,push"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/alpine:pull,push',
        },
      },
    ],
    [
      'Basic (distribution htpasswd)',
      'Basic realm="ghcr-kit-test"',
      { scheme: 'basic', params: { realm: 'ghcr-kit-test' } },
    ],
    [
      'unquoted values and spaces',
      'bearer  realm=https://x/token , service=x',
      { scheme: 'bearer', params: { realm: 'https://x/token', service: 'x' } },
    ],
  ])('%s', (_name, header, expected) => {
    expect(parseChallenge(header)).toEqual(expected);
  });
  test('no header is no challenge', () => expect(parseChallenge(null)).toBeUndefined());
});

describe('nextLink', () => {
  test.each([
    ['distribution', '</v2/a/tags/list?last=b&n=2>; rel="next"', '/v2/a/tags/list?last=b&n=2'],
    [
      'absolute URL, unquoted rel',
      '<https://ghcr.io/v2/o/a/tags/list?n=100&last=x>; rel=next',
      'https://ghcr.io/v2/o/a/tags/list?n=100&last=x',
    ],
    ['several links, next second', '</prev>; rel="prev", </next?last=z>; rel="next"', '/next?last=z'],
    ['no next', '</prev>; rel="prev"', undefined],
    ['no header', null, undefined],
  ])('%s', (_name, header, expected) => expect(nextLink(header)).toBe(expected));
});

describe('Retry-After and backoff', () => {
  test('seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  test('doubling, capped; Retry-After capped too', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 500, maxDelayMs: 3000 };
    expect([1, 2, 3, 4].map((a) => retryDelay(policy, a, undefined))).toEqual([500, 1000, 2000, 3000]);
    expect(retryDelay(policy, 1, 60_000)).toBe(3000);
  });
});

describe('docker config', () => {
  const auth = (u: string, p: string) => Buffer.from(`${u}:${p}`).toString('base64');
  test('auths[host].auth as docker/login-action writes it', () => {
    const config = JSON.stringify({ auths: { 'ghcr.io': { auth: auth('octocat', 'ghp_secret:with:colons') } } });
    expect(credentialsFromDockerConfig('ghcr.io', config)).toEqual({
      credentials: { username: 'octocat', password: 'ghp_secret:with:colons' },
      notes: [],
    });
  });
  test('Docker Hub under its legacy v1 URL', () => {
    const config = JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: auth('me', 'pw') } } });
    expect(credentialsFromDockerConfig('docker.io', config).credentials).toEqual({ username: 'me', password: 'pw' });
  });
  test('credential helpers are not run, and the note says so without secrets', () => {
    const config = JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' });
    const lookup = credentialsFromDockerConfig('ghcr.io', config);
    expect(lookup.credentials).toBeUndefined();
    expect(lookup.notes).toEqual([
      'credential helper "docker-credential-desktop" is not run; pass username and password instead',
    ]);
  });
  test('no file and bad JSON give notes, not errors', () => {
    expect(credentialsFromDockerConfig('ghcr.io', undefined)).toEqual({ notes: ['no docker config file'] });
    expect(credentialsFromDockerConfig('ghcr.io', '{').notes[0]).toMatch(/not valid JSON/);
  });
});

describe('redactSecrets', () => {
  test('hides the password, its URL-encoded and Basic forms', () => {
    const password = 'p@ss word!';
    const basic = basicCredential('me', password);
    const text = `sent ${password} as ${encodeURIComponent(password)} in Basic ${basic}`;
    const out = redactSecrets(text, [password, basic]);
    expect(out).toBe('sent *** as *** in Basic ***');
  });
  test('ignores empty and very short values, which would shred messages', () => {
    expect(redactSecrets('a b c', ['', undefined, 'a'])).toBe('a b c');
  });
});
