import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { splitInputList } from '../../actions/input-list.ts';
import { readBoolean, readChoice, type ReadInput } from '../../actions/read-input.ts';
import { parsePlatform } from '../../build/platforms.ts';
import type { Env } from '../../context/index.ts';
import { InputError } from '../../errors/index.ts';
import { parseImageRef } from '../../reference/index.ts';
import { parseMaxAge } from '../../scan/db-cache.ts';
import { DEFAULT_DB_REPOSITORIES, DEFAULT_JAVA_DB_REPOSITORIES, dbRepositories } from '../../scan/db-repositories.ts';
import { parseSeverities, resolveGate } from '../../scan/gate.ts';
import type { ScanOptions } from '../../scan/run-scan.ts';
import { resolveScannerRelease, scannerArch } from '../../scan/scanner-release.ts';
import type { Severity } from '../../scan/severity.ts';
import type { TrivyFilterInputs } from '../../scan/trivy-args.ts';
import { planIgnoreFiles, type IgnorePlan } from '../../scan/trivyignore.ts';

/** What runScan takes as it was given; the rest of ScanOptions is found at run time. */
type GivenOptions =
  | 'scanType'
  | 'images'
  | 'scanRef'
  | 'input'
  | 'platforms'
  | 'trivy'
  | 'syft'
  | 'cacheDir'
  | 'outputDir'
  | 'dbRepositories'
  | 'javaDbRepositories'
  | 'gate'
  | 'limitSeveritiesForSarif'
  | 'category'
  | 'format'
  | 'output'
  | 'template'
  | 'registryCredentials';

/** Everything the scan action was asked to do, checked before any download, request or run. */
export interface ScanInputs extends Pick<ScanOptions, GivenOptions> {
  scannerFromPath: boolean;
  filters: Omit<TrivyFilterInputs, 'ignoreFile'>;
  trivyignores: string[];
  ignorePlan: IgnorePlan;
  /** The `severity` list (all when unset). */
  severities: Severity[];
  cache: boolean;
  dbMaxAgeMs: number;
  uploadSarif: boolean;
  uploadArtifact: boolean;
  releaseAssets: boolean;
  githubToken: string;
}

// trivy convert's --format values, https://trivy.dev/latest/docs/configuration/reporting/
const FORMATS = [
  'table',
  'json',
  'sarif',
  'template',
  'cyclonedx',
  'spdx',
  'spdx-json',
  'github',
  'cosign-vuln',
] as const;
const PKG_TYPES = ['os', 'library'];
const SCANNERS = ['vuln', 'misconfig', 'secret', 'license'];
// A Go time.Duration, what Trivy's --timeout parses: https://pkg.go.dev/time#ParseDuration
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/**
 * Reads and checks every scan input; throws InputError naming the input, the value and the
 * fix. Nothing here downloads, asks the network or starts a process, so a typo costs nothing.
 * `arch` is the runner's (process.arch), which decides the scanner release assets.
 */
/**
 * `pushed`: the images an earlier step pushed (publish hands build's `name@digest`s over as
 * values); the `image-ref` input, where set, wins.
 */
export function parseScanInputs(read: ReadInput, env: Env, arch: string, pushed: readonly string[] = []): ScanInputs {
  const bool = (name: string, fallback: boolean) => readBoolean(read, name, fallback);
  const list = (name: string) => splitInputList(read(name), { commas: true });
  const temp = env.RUNNER_TEMP || process.cwd();

  const scanType = readChoice(read, 'scan-type', ['image', 'fs', 'sbom'] as const, 'image');
  const given = splitInputList(read('image-ref'));
  const images = (given.length ? given : pushed).map((raw) => ({
    raw,
    ref: parseImageRef(raw, { input: 'image-ref' }),
  }));
  const input = existingFile(read, 'input');
  if (scanType === 'image' && images.length === 0 && !input) {
    const fix = "Set image-ref (build's image-refs output), or input for a tarball, or scan-type fs with scan-ref.";
    throw new InputError('image-ref', '', 'nothing to scan', fix);
  }
  const scanRef = read('scan-ref');
  if (scanType === 'sbom' && !scanRef) {
    throw new InputError(
      'scan-ref',
      '',
      'scan-type sbom needs the SBOM file to scan',
      'Set scan-ref to a CycloneDX or SPDX JSON file.',
    );
  }
  const platforms = list('platforms');
  for (const platform of platforms) parsePlatform(platform, 'platforms');

  const scannerFromPath = bool('scanner-from-path', false);
  // With scanner-from-path a runner with no release asset (s390x) may still scan; the releases
  // are then only the fallback when PATH lacks a tool.
  const assetArch = scannerFromPath && arch !== 'arm64' && arch !== 'x64' ? 'amd64' : scannerArch(arch);
  const trivyVersion = read('trivy-version');
  const trivy = resolveScannerRelease({
    tool: 'trivy',
    version: trivyVersion || read('version'),
    versionInput: trivyVersion ? 'trivy-version' : 'version',
    sha256: read('trivy-sha256'),
    urlTemplate: read('trivy-url'),
    arch: assetArch,
  });
  const syftRelease = {
    tool: 'syft',
    version: read('syft-version'),
    versionInput: 'syft-version',
    sha256: read('syft-sha256'),
    urlTemplate: read('syft-url'),
  } as const;
  const syft = scanType === 'sbom' ? undefined : resolveScannerRelease({ ...syftRelease, arch: assetArch });

  const severity = read('severity') || env.TRIVY_SEVERITY || '';
  const severities = parseSeverities(severity);
  const gate = { failOn: read('fail-on'), exitCode: read('exit-code'), severity };
  resolveGate(gate);

  const trivyignores = list('trivyignores');
  for (const file of trivyignores) mustExist('trivyignores', file);
  const format = readChoice(read, 'format', FORMATS, 'table');
  const template = read('template');
  if (format === 'template' && !template) {
    throw new InputError('template', '', 'format: template needs a template', 'Set template, e.g. @contrib/html.tpl.');
  }
  const timeout = read('timeout');
  if (timeout && !GO_DURATION.test(timeout)) {
    throw new InputError('timeout', timeout, 'is not a duration', 'Use a Go duration such as 10m, 90s or 1h30m.');
  }

  const username = read('registry-username');
  const password = read('registry-password');
  if (Boolean(username) !== Boolean(password)) {
    const [set, unset] = username
      ? ['registry-username', 'registry-password']
      : ['registry-password', 'registry-username'];
    throw new InputError(
      unset,
      '',
      `${set} is set but ${unset} is not`,
      'Set both, or neither to use the docker login of an earlier step.',
    );
  }
  const releaseAssets = bool('release-assets', false);
  const githubToken = read('github-token');
  if (releaseAssets && !githubToken) {
    throw new InputError(
      'github-token',
      '',
      'release-assets: true needs a token',
      'Leave github-token at its default (the job token, with contents: write).',
    );
  }
  const repositories = (name: string, defaults: readonly string[]) => {
    const repos = dbRepositories(read(name), defaults);
    for (const repo of repos) parseImageRef(repo, { input: name });
    return repos;
  };

  return {
    scanType,
    images,
    scanRef,
    input,
    platforms,
    trivy,
    syft,
    scannerFromPath,
    filters: {
      ignoreUnfixed: bool('ignore-unfixed', false),
      pkgTypes: subset('pkg-types', read('pkg-types'), PKG_TYPES) || subset('vuln-type', read('vuln-type'), PKG_TYPES),
      scanners: subset('scanners', read('scanners'), SCANNERS),
      skipDirs: list('skip-dirs'),
      skipFiles: list('skip-files'),
      trivyConfig: existingFile(read, 'trivy-config'),
      ignorePolicy: existingFile(read, 'ignore-policy'),
      listAllPkgs: bool('list-all-pkgs', false),
      timeout,
      hideProgress: bool('hide-progress', true),
    },
    trivyignores,
    ignorePlan: planIgnoreFiles(trivyignores),
    gate,
    severities,
    limitSeveritiesForSarif: bool('limit-severities-for-sarif', false),
    category: read('category'),
    format,
    output: read('output'),
    template,
    cache: bool('cache', true),
    cacheDir: read('cache-dir') || join(temp, 'ghcr-kit-trivy-cache'),
    outputDir: join(temp, 'ghcr-kit-scan'),
    dbRepositories: repositories('db-repository', DEFAULT_DB_REPOSITORIES),
    javaDbRepositories: repositories('java-db-repository', DEFAULT_JAVA_DB_REPOSITORIES),
    dbMaxAgeMs: parseMaxAge(read('db-max-age')),
    uploadSarif: bool('upload-sarif', true),
    uploadArtifact: bool('upload-artifact', true),
    releaseAssets,
    githubToken,
    ...(username && password && { registryCredentials: { username, password } }),
  };
}

/** A comma-separated list of known names, passed on to Trivy as given. */
function subset(input: string, raw: string, known: readonly string[]): string {
  const unknown = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && !known.includes(s));
  if (unknown.length) {
    throw new InputError(
      input,
      raw,
      `${unknown.map((u) => `"${u}"`).join(', ')} is not one of Trivy's values`,
      `Use a comma-separated list of ${known.join(', ')}.`,
    );
  }
  return raw;
}

function existingFile(read: ReadInput, name: string): string {
  const path = read(name);
  if (path) mustExist(name, path);
  return path;
}

function mustExist(input: string, path: string): void {
  if (!existsSync(path))
    throw new InputError(input, path, 'no such file', 'Check the path; it is relative to the working directory.');
}
