import { describe, expect, test } from 'vitest';
import {
  dbCacheKey,
  dbDownloadArgs,
  dbIsFresh,
  dbRepositories,
  DEFAULT_DB_REPOSITORIES,
  isRetryableDbFailure,
  parseMaxAge,
  syftArgs,
  trivyConvertArgs,
  trivyScanArgs,
  type TrivyScanPlan,
} from '../../../packages/core/src/scan/index.ts';

const plan: TrivyScanPlan = {
  scanType: 'image',
  target: 'ghcr.io/acme/app@sha256:abc',
  input: '',
  output: '/o/r.json',
  cacheDir: '/c',
  skipDbUpdate: true,
  javaDbRepositories: [],
  ignoreUnfixed: false,
  pkgTypes: '',
  scanners: '',
  skipDirs: [],
  skipFiles: [],
  ignoreFile: '',
  trivyConfig: '',
  ignorePolicy: '',
  listAllPkgs: false,
  timeout: '',
  hideProgress: false,
};

describe('trivyScanArgs passes only what was set, so TRIVY_* and trivy.yaml still apply', () => {
  test('a bare image scan', () => {
    expect(trivyScanArgs(plan)).toEqual([
      'image',
      '--format',
      'json',
      '--output',
      '/o/r.json',
      '--cache-dir',
      '/c',
      '--skip-db-update',
      '--image-src',
      'remote',
      'ghcr.io/acme/app@sha256:abc',
    ]);
  });
  test('every trivy-action filter input', () => {
    const args = trivyScanArgs({
      ...plan,
      ignoreUnfixed: true,
      pkgTypes: 'os,library',
      scanners: 'vuln,secret',
      skipDirs: ['a', 'b'],
      skipFiles: ['c'],
      ignoreFile: '/i',
      trivyConfig: 'trivy.yaml',
      ignorePolicy: 'p.rego',
      listAllPkgs: true,
      timeout: '10m',
      hideProgress: true,
      javaDbRepositories: ['r1', 'r2'],
    });
    expect(args.join(' ')).toBe(
      [
        'image --format json --output /o/r.json --cache-dir /c --skip-db-update --java-db-repository r1,r2',
        '--image-src remote --ignore-unfixed --pkg-types os,library --scanners vuln,secret',
        '--skip-dirs a,b --skip-files c --ignorefile /i --config trivy.yaml --ignore-policy p.rego --list-all-pkgs',
        '--timeout 10m --no-progress ghcr.io/acme/app@sha256:abc',
      ].join(' '),
    );
  });
  test('an image tarball goes through --input; fs and sbom take the path', () => {
    expect(trivyScanArgs({ ...plan, input: 'img.tar' }).slice(-2)).toEqual(['--input', 'img.tar']);
    expect(trivyScanArgs({ ...plan, input: 'img.tar' })).not.toContain('--image-src');
    expect(trivyScanArgs({ ...plan, scanType: 'fs', target: '.', skipDbUpdate: false })).toEqual([
      'fs',
      '--format',
      'json',
      '--output',
      '/o/r.json',
      '--cache-dir',
      '/c',
      '.',
    ]);
  });
  test('convert, and a DB-only download from one repository', () => {
    expect(trivyConvertArgs({ json: 'r.json', format: 'template', output: 'out.html', template: '@html.tpl' })).toEqual(
      ['convert', '--format', 'template', '--output', 'out.html', '--template', '@html.tpl', 'r.json'],
    );
    expect(dbDownloadArgs('127.0.0.1:1/x:2', '/c')).toEqual([
      'image',
      '--download-db-only',
      '--db-repository',
      '127.0.0.1:1/x:2',
      '--cache-dir',
      '/c',
      '--no-progress',
    ]);
  });
});

describe('syftArgs: one run, both SBOMs', () => {
  test.each([
    ['image', 'ghcr.io/a/b@sha256:1', '', 'registry:ghcr.io/a/b@sha256:1'],
    ['image', 'x', 'img.tar', 'img.tar'],
    ['fs', '.', '', 'dir:.'],
  ] as const)('%s %s %s', (scanType, target, input, source) => {
    expect(syftArgs({ scanType, target, input, spdxJson: 's.json', cyclonedxJson: 'c.json' })).toEqual([
      'scan',
      source,
      '-o',
      'spdx-json=s.json',
      '-o',
      'cyclonedx-json=c.json',
    ]);
  });
  test('an SBOM input needs no Syft', () =>
    expect(
      syftArgs({ scanType: 'sbom', target: 'b.json', input: '', spdxJson: '', cyclonedxJson: '' }),
    ).toBeUndefined());
});

describe('DB repositories, retries and cache', () => {
  test('the list replaces the defaults; empty keeps them', () => {
    expect(dbRepositories('', DEFAULT_DB_REPOSITORIES)).toEqual([
      'mirror.gcr.io/aquasec/trivy-db:2',
      'ghcr.io/aquasecurity/trivy-db:2',
    ]);
    expect(dbRepositories('a:2\nb:2, c:2', DEFAULT_DB_REPOSITORIES)).toEqual(['a:2', 'b:2', 'c:2']);
  });
  test.each([
    ['GET https://x/v2/y/manifests/2: TOOMANYREQUESTS: retry-after: 1s', true],
    ['unexpected status code 503 Service Unavailable', true],
    ['GET https://x: MANIFEST_UNKNOWN: manifest unknown; 404', false],
    ['dial tcp 127.0.0.1:1: connect: connection refused', false],
    ['UNAUTHORIZED: authentication required', false],
  ])('%s → retry %s', (text, retry) => expect(isRetryableDbFailure(text)).toBe(retry));
  test('cache keys by schema and UTC date, restoring older copies', () => {
    expect(dbCacheKey('db', new Date('2026-11-26T23:59:00Z'))).toEqual({
      key: 'ghcr-kit-trivy-db-2-2026-11-26',
      restoreKeys: ['ghcr-kit-trivy-db-2-'],
    });
    expect(dbCacheKey('java-db', new Date('2026-11-26T00:00:00Z')).key).toBe('ghcr-kit-java-db-1-2026-11-26');
  });
  test('db-max-age and freshness from metadata.json', () => {
    expect(parseMaxAge('')).toBe(24 * 3_600_000);
    expect(parseMaxAge('90m')).toBe(90 * 60_000);
    expect(parseMaxAge('2d')).toBe(2 * 86_400_000);
    expect(() => parseMaxAge('soon')).toThrow(/^input "db-max-age"/);
    const now = new Date('2026-11-26T12:00:00Z');
    expect(dbIsFresh(JSON.stringify({ DownloadedAt: '2026-11-26T01:00:00Z' }), now, parseMaxAge('24h'))).toBe(true);
    expect(dbIsFresh(JSON.stringify({ DownloadedAt: '2026-11-24T01:00:00Z' }), now, parseMaxAge('24h'))).toBe(false);
    expect(
      dbIsFresh(
        JSON.stringify({ DownloadedAt: '0001-01-01T00:00:00Z', UpdatedAt: '2026-11-26T06:00:00Z' }),
        now,
        parseMaxAge('24h'),
      ),
    ).toBe(true);
    expect(dbIsFresh(undefined, now, 1)).toBe(false);
    expect(dbIsFresh('{', now, 1)).toBe(false);
  });
});
