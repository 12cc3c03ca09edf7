import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { SCANNER_SHA256 } from '../../../packages/core/src/scan/index.ts';
import { parseScanInputs } from '../../../packages/core/src/steps/scan/index.ts';

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const dir = mkdtempSync(join(tmpdir(), 'ghcr-kit-scan-inputs-'));
const ignoreFile = join(dir, '.trivyignore');
writeFileSync(ignoreFile, 'CVE-2024-0001\n');

/** Parses inputs as the runner passes them: unset inputs are ''. */
function parse(inputs: Record<string, string>, env: Record<string, string> = {}, arch = 'x64') {
  return parseScanInputs((name) => inputs[name] ?? '', { RUNNER_TEMP: dir, ...env }, arch);
}

function refusal(inputs: Record<string, string>, env: Record<string, string> = {}): InputError {
  try {
    parse(inputs, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected the inputs to be refused');
}

describe('scan inputs: the defaults a user gets with only image-ref', () => {
  const inputs = parse({ 'image-ref': `${IMAGE}\nghcr.io/acme/worker@sha256:${'a'.repeat(64)}` });

  test('every image is parsed once, with its registry and repository', () => {
    expect(inputs.images.map((i) => i.ref)).toEqual([
      { registry: 'ghcr.io', repository: 'acme/app', tag: '1.0.0' },
      { registry: 'ghcr.io', repository: 'acme/worker', digest: `sha256:${'a'.repeat(64)}` },
    ]);
  });
  test('the scanners are the default pins, checked against our table for the runner', () => {
    expect(inputs.trivy).toMatchObject({
      version: '0.74.0',
      sha256: SCANNER_SHA256.trivy['0.74.0']!['trivy_0.74.0_Linux-64bit.tar.gz'],
    });
    expect(inputs.syft).toMatchObject({
      version: '1.54.1',
      sha256: SCANNER_SHA256.syft['1.54.1']!['syft_1.54.1_linux_amd64.tar.gz'],
    });
    expect(parse({ 'image-ref': IMAGE }, {}, 'arm64').syft?.asset).toBe('syft_1.54.1_linux_arm64.tar.gz');
  });
  test('uploads on, release assets off, DB cache on under RUNNER_TEMP for 24 hours', () => {
    expect(inputs).toMatchObject({
      uploadSarif: true,
      uploadArtifact: true,
      releaseAssets: false,
      cache: true,
      cacheDir: join(dir, 'ghcr-kit-trivy-cache'),
      dbMaxAgeMs: 24 * 3_600_000,
      format: 'table',
      severities: ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
    });
    expect(inputs.filters).toMatchObject({ hideProgress: true, ignoreUnfixed: false, listAllPkgs: false });
  });
  test('scan-type sbom needs no Syft', () => {
    expect(parse({ 'scan-type': 'sbom', 'scan-ref': 'sbom.json' }).syft).toBeUndefined();
  });
  test('TRIVY_SEVERITY stands in for an unset severity, as in trivy-action', () => {
    expect(parse({ 'image-ref': IMAGE }, { TRIVY_SEVERITY: 'HIGH,CRITICAL' }).severities).toEqual(['HIGH', 'CRITICAL']);
  });
  test('several plain ignore files are planned as one merged file', () => {
    expect(parse({ 'image-ref': IMAGE, trivyignores: `${ignoreFile}\n${ignoreFile}` }).ignorePlan).toEqual({
      kind: 'merge',
      paths: [ignoreFile, ignoreFile],
    });
  });
});

// Issue 17 item 0: one message naming the input, before any download or request.
describe('scan inputs: each bad value is refused naming its input', () => {
  test.each([
    ['severity', { severity: 'maybe' }, /^input "severity": "MAYBE" is not a Trivy severity \(value: "maybe"\)/],
    [
      'image-ref',
      { 'image-ref': 'ghcr.io/acme/App:latest tag' },
      /^input "image-ref": an image name cannot contain spaces/,
    ],
    [
      'image-ref',
      { 'image-ref': 'ghcr.io/acme/app@sha256:abc' },
      /^input "image-ref": "sha256:abc" is not a sha256 digest/,
    ],
    ['image-ref', { 'image-ref': '' }, /^input "image-ref": nothing to scan/],
    [
      'scan-type',
      { 'scan-type': 'repo' },
      /^input "scan-type": is not one of the accepted values \(value: "repo"\)\. Use one of: image, fs, sbom\./,
    ],
    ['scan-ref', { 'scan-type': 'sbom' }, /^input "scan-ref": scan-type sbom needs the SBOM file/],
    ['platforms', { platforms: 'linux/amd64,linux' }, /^input "platforms": "linux" is not a platform/],
    ['fail-on', { 'fail-on': 'SEVERE' }, /^input "fail-on": is not a gate level/],
    ['exit-code', { 'exit-code': 'one' }, /^input "exit-code": is not an exit code/],
    ['trivy-version', { 'trivy-version': 'latest' }, /^input "trivy-version": "latest" cannot be verified/],
    ['version', { version: '0.69.4' }, /^input "version": trivy 0\.69\.4 is on our denylist/],
    ['syft-version', { 'syft-version': '1.2' }, /^input "syft-version": is not a release version/],
    ['syft-sha256', { 'syft-sha256': 'xyz' }, /^input "syft-sha256": is not a sha256/],
    ['trivy-url', { 'trivy-url': 'ftp://mirror/{asset}' }, /^input "trivy-url": does not expand to an http\(s\) URL/],
    ['pkg-types', { 'pkg-types': 'os,binaries' }, /^input "pkg-types": "binaries" is not one of Trivy's values/],
    ['vuln-type', { 'vuln-type': 'lib' }, /^input "vuln-type": "lib" is not one of Trivy's values/],
    ['scanners', { scanners: 'vuln,secrets' }, /^input "scanners": "secrets" is not one of Trivy's values/],
    ['timeout', { timeout: '10 minutes' }, /^input "timeout": is not a duration/],
    ['format', { format: 'html' }, /^input "format": is not one of the accepted values/],
    ['template', { format: 'template' }, /^input "template": format: template needs a template/],
    ['db-max-age', { 'db-max-age': 'a day' }, /^input "db-max-age": is not a duration/],
    [
      'db-repository',
      { 'db-repository': 'mirror.gcr.io/aquasec/trivy-db:2,Not A Repo' },
      /^input "db-repository": an image name cannot contain spaces/,
    ],
    [
      'java-db-repository',
      { 'java-db-repository': 'ghcr.io/x/y:?' },
      /^input "java-db-repository": "\?" is not a valid tag/,
    ],
    ['trivyignores', { trivyignores: join(dir, 'missing.trivyignore') }, /^input "trivyignores": no such file/],
    ['trivyignores', { trivyignores: `${ignoreFile}\n${join(dir, 'x.yaml')}` }, /^input "trivyignores": no such file/],
    ['trivy-config', { 'trivy-config': join(dir, 'trivy.yaml') }, /^input "trivy-config": no such file/],
    ['ignore-policy', { 'ignore-policy': join(dir, 'policy.rego') }, /^input "ignore-policy": no such file/],
    ['input', { input: join(dir, 'image.tar') }, /^input "input": no such file/],
    [
      'registry-password',
      { 'registry-username': 'octocat' },
      /^input "registry-password": registry-username is set but registry-password is not/,
    ],
    [
      'registry-username',
      { 'registry-password': 'secret' },
      /^input "registry-username": registry-password is set but registry-username is not/,
    ],
    ['github-token', { 'release-assets': 'true' }, /^input "github-token": release-assets: true needs a token/],
  ])('%s: %j', (name, inputs, message) => {
    const error = refusal({ 'image-ref': IMAGE, ...inputs });
    expect(error.input).toBe(name);
    expect(error.message).toMatch(message);
  });

  test.each([
    'scanner-from-path',
    'ignore-unfixed',
    'list-all-pkgs',
    'limit-severities-for-sarif',
    'hide-progress',
    'cache',
    'upload-sarif',
    'upload-artifact',
    'release-assets',
  ])('boolean %s: "yes" is refused as getBooleanInput refuses it', (name) => {
    const error = refusal({ 'image-ref': IMAGE, 'github-token': 't', [name]: 'yes' });
    expect(error.message).toBe(`input "${name}": is not a boolean (value: "yes"). Use true or false.`);
  });

  test('a YAML ignore file beside others is refused by name', () => {
    const yaml = join(dir, '.trivyignore.yaml');
    writeFileSync(yaml, 'vulnerabilities: []\n');
    expect(refusal({ 'image-ref': IMAGE, trivyignores: `${ignoreFile}\n${yaml}` }).message).toMatch(
      /^input "trivyignores": mixes a YAML ignore file/,
    );
  });
  test('scanner-from-path lets a runner without release assets scan; without it the architecture is named', () => {
    expect(parse({ 'image-ref': IMAGE, 'scanner-from-path': 'true' }, {}, 's390x').scannerFromPath).toBe(true);
    expect(() => parse({ 'image-ref': IMAGE }, {}, 's390x')).toThrow(
      /no Trivy or Syft release asset for this runner's architecture \(s390x\)/,
    );
  });
});

describe('scan inputs: the images an earlier step pushed (publish hands build’s over as values)', () => {
  const pushed = [`ghcr.io/acme/app@sha256:${'b'.repeat(64)}`];
  const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

  test('with image-ref unset, the pushed name@digest is what gets scanned', () => {
    const inputs = parseScanInputs(read({}), { RUNNER_TEMP: dir }, 'x64', pushed);
    expect(inputs.images.map((i) => i.raw)).toEqual(pushed);
  });
  test("the user's own image-ref wins over what was pushed", () => {
    const inputs = parseScanInputs(read({ 'image-ref': IMAGE }), { RUNNER_TEMP: dir }, 'x64', pushed);
    expect(inputs.images.map((i) => i.raw)).toEqual([IMAGE]);
  });
  test('a pushed reference that does not parse is refused naming image-ref', () => {
    expect(() => parseScanInputs(read({}), { RUNNER_TEMP: dir }, 'x64', ['ghcr.io/acme/app@sha256:abc'])).toThrow(
      'input "image-ref"',
    );
  });
});
