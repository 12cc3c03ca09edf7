import { describe, expect, test } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import {
  assetName,
  DEFAULT_VERSIONS,
  resolveScannerRelease,
  scannerArch,
  SCANNER_SHA256,
  UNKNOWN,
  type ScannerReleaseInputs,
  type ScannerTool,
} from '../../../packages/core/src/scan/index.ts';

const base: ScannerReleaseInputs = {
  tool: 'trivy',
  version: '',
  versionInput: 'version',
  sha256: '',
  urlTemplate: '',
  arch: 'amd64',
};
const hash = 'a'.repeat(64);
const error = (inputs: Partial<ScannerReleaseInputs>) => {
  try {
    resolveScannerRelease({ ...base, ...inputs });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('expected a refusal');
};

describe('asset names follow each release exactly', () => {
  test.each([
    ['trivy', 'amd64', 'trivy_0.74.0_Linux-64bit.tar.gz'],
    ['trivy', 'arm64', 'trivy_0.74.0_Linux-ARM64.tar.gz'],
    ['syft', 'amd64', 'syft_0.74.0_linux_amd64.tar.gz'],
    ['syft', 'arm64', 'syft_0.74.0_linux_arm64.tar.gz'],
  ] as const)('%s on %s', (tool, arch, name) => expect(assetName(tool, '0.74.0', arch)).toBe(name));
  test('runner architectures map to release ones; others are refused', () => {
    expect(scannerArch('x64')).toBe('amd64');
    expect(scannerArch('arm64')).toBe('arm64');
    expect(() => scannerArch('s390x')).toThrow(/s390x/);
  });
});

describe('resolveScannerRelease', () => {
  test('the default Trivy comes from GitHub releases with the table hash', () => {
    expect(resolveScannerRelease(base)).toEqual({
      tool: 'trivy',
      version: '0.74.0',
      arch: 'amd64',
      asset: 'trivy_0.74.0_Linux-64bit.tar.gz',
      url: 'https://github.com/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz',
      sha256: SCANNER_SHA256.trivy['0.74.0']!['trivy_0.74.0_Linux-64bit.tar.gz'],
      sha256From: 'table',
    });
  });
  test('a leading v is accepted; {version} never has one', () => {
    expect(resolveScannerRelease({ ...base, version: 'v0.74.0', arch: 'arm64' }).url).toBe(
      'https://github.com/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-ARM64.tar.gz',
    );
  });
  test('a mirror template gets {version} and {asset}', () => {
    const r = resolveScannerRelease({ ...base, urlTemplate: 'http://127.0.0.1:9/mirror/{version}/{asset}' });
    expect(r.url).toBe('http://127.0.0.1:9/mirror/0.74.0/trivy_0.74.0_Linux-64bit.tar.gz');
  });
  test('latest is refused, naming the input', () => {
    expect(error({ version: 'latest', versionInput: 'trivy-version' })).toMatch(
      /^input "trivy-version": "latest" cannot be verified/,
    );
  });
  test.each(['0.69.4', '0.69.5', '0.69.6', 'v0.69.5'])(
    'denylisted %s is refused even with a sha256 and a mirror',
    (version) => {
      expect(error({ version, sha256: hash, urlTemplate: 'http://127.0.0.1:9/{asset}' })).toMatch(
        /denylist.*compromised/,
      );
    },
  );
  test.each(['0.27.0', '0.50.1', '0.69.1'])('vanished %s says so and which versions to use', (version) => {
    expect(error({ version })).toMatch(
      /no longer exists on GitHub: the vendor deleted releases v0\.27\.0 to v0\.69\.1.*Use 0\.74\.0/,
    );
  });
  test('a vanished version served from a mirror with a sha256 is allowed', () => {
    expect(
      resolveScannerRelease({ ...base, version: '0.50.1', sha256: hash, urlTemplate: 'https://mirror.example/{asset}' })
        .sha256From,
    ).toBe('input');
  });
  test('a version not in the table needs trivy-sha256', () => {
    expect(error({ version: '0.75.0' })).toMatch(/^input "trivy-sha256": trivy 0\.75\.0 is not in our sha256 table/);
    expect(resolveScannerRelease({ ...base, version: '0.75.0', sha256: `sha256:${hash.toUpperCase()}` }).sha256).toBe(
      hash,
    );
  });
  test('an UNKNOWN table entry fails with the entry and the update script named', () => {
    const syft = { ...base, tool: 'syft' as const, version: '1.57.0', versionInput: 'syft-version' };
    expect(SCANNER_SHA256.syft['1.57.0']!['syft_1.57.0_linux_amd64.tar.gz']).toBe(UNKNOWN);
    const message = error(syft);
    expect(message).toContain('syft 1.57.0 syft_1.57.0_linux_amd64.tar.gz is marked UNKNOWN');
    expect(message).toContain('npm run scanners:update');
  });
  test('an input sha256 overriding the table is recorded as such', () => {
    const r = resolveScannerRelease({ ...base, sha256: hash });
    expect(r).toMatchObject({
      sha256: hash,
      sha256From: 'input',
      overridesTable: SCANNER_SHA256.trivy['0.74.0']!['trivy_0.74.0_Linux-64bit.tar.gz'],
    });
  });
  test.each([
    ['1.2', /not a release version/],
    ['abc', /not a release version/],
  ])('version %s is refused', (version, problem) => {
    expect(error({ version })).toMatch(problem);
  });
  test('a malformed sha256 and a non-http template are refused', () => {
    expect(error({ sha256: 'abc' })).toMatch(/^input "trivy-sha256": is not a sha256/);
    expect(error({ urlTemplate: 'file:///tmp/{asset}' })).toMatch(/^input "trivy-url"/);
  });
  test('every known table hash is 64 lowercase hex digits', () => {
    for (const versions of Object.values(SCANNER_SHA256)) {
      for (const assets of Object.values(versions))
        for (const h of Object.values(assets)) expect(h === UNKNOWN || /^[0-9a-f]{64}$/.test(h)).toBe(true);
    }
  });
});

// The guard for issue 16 §2: a default without a confirmed hash makes the default scan fail on
// every real runner, so this fails first, naming the tool, version and architecture.
describe('every default scanner version installs on amd64 and arm64 from our table alone', () => {
  test.each(Object.entries(DEFAULT_VERSIONS) as Array<[ScannerTool, string]>)('%s %s', (tool, version) => {
    for (const arch of ['amd64', 'arm64'] as const) {
      const hash = SCANNER_SHA256[tool][version]?.[assetName(tool, version, arch)];
      expect(hash, `${tool} ${version} ${arch}`).toMatch(/^[0-9a-f]{64}$/);
      expect(resolveScannerRelease({ ...base, tool, versionInput: `${tool}-version`, arch })).toMatchObject({
        version,
        sha256: hash,
        sha256From: 'table',
      });
    }
  });
  test('Syft defaults to 1.54.1 and Trivy keeps 0.74.0', () => {
    expect(DEFAULT_VERSIONS).toEqual({ trivy: '0.74.0', syft: '1.54.1' });
    expect(SCANNER_SHA256.syft['1.54.1']).toEqual({
      'syft_1.54.1_linux_amd64.tar.gz': 'c069905b391cc4c20a5ba65ad5c10be2a7ba074f8ea6ad203e24d14e303dad47',
      'syft_1.54.1_linux_arm64.tar.gz': 'dfdf0537610113edbefe1f1fc6548bc957b2d77439636ec824fcf0e10d46d054',
    });
  });
});
