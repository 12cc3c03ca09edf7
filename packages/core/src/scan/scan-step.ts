import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as cache from '@actions/cache';
import { getExecOutput } from '@actions/exec';
import { readBoolean, readChoice, splitInputList, type StepIO, type StepResult } from '../actions/index.ts';
import { InputError } from '../errors/index.ts';
import { dbCacheKey, dbIsFresh, parseMaxAge } from './db-cache.ts';
import { DEFAULT_DB_REPOSITORIES, DEFAULT_JAVA_DB_REPOSITORIES, dbRepositories } from './db-repositories.ts';
import { runScan } from './run-scan.ts';
import type { ToolRunner } from './tool-runner.ts';
import { POLL_DELAYS_MS, readOnlyTokenReason, uploadSarif } from './sarif-upload.ts';
import { uploadReportsArtifact } from './reports-artifact.ts';
import { expiredIgnores, planIgnoreFiles } from './trivyignore.ts';

/** The scan action's outputs; action.yml declares exactly these. */
export const SCAN_OUTPUTS = ['sarif', 'json', 'sbom', 'sbom-cyclonedx', 'critical', 'high', 'medium', 'low', 'unknown', 'passed', 'sarif-id', 'trivy-version', 'trivy-sha256', 'syft-version', 'syft-sha256', 'artifact-id'] as const;
export type ScanOutput = (typeof SCAN_OUTPUTS)[number];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The scan action: pinned, verified scanners; one Trivy run per target and platform with every
 * report derived from its JSON; the DB cached with actions/cache and saved before the gate;
 * SARIF uploaded before the gate; the gate last (`failure`), so a failing gate still leaves
 * every report, the upload and the cache behind.
 */
export async function scanStep(io: StepIO): Promise<StepResult<ScanOutput> & { passed: boolean }> {
  const { read, env, context } = io;
  const temp = env.RUNNER_TEMP || process.cwd();
  const outputDir = join(temp, 'ghcr-kit-scan');
  const cacheDir = read('cache-dir') || join(temp, 'ghcr-kit-trivy-cache');
  const scanType = readChoice(read, 'scan-type', ['image', 'fs', 'sbom'] as const, 'image');
  const imageRefs = splitInputList(read('image-ref'));
  if (scanType === 'image' && imageRefs.length === 0 && !read('input')) throw new InputError('image-ref', '', 'nothing to scan', 'Set image-ref (build\'s image-refs output), or input for a tarball, or scan-type fs with scan-ref.');

  const ignoreFiles = splitInputList(read('trivyignores'), { commas: true });
  const ignorePlan = planIgnoreFiles(ignoreFiles);
  let ignoreFile = '';
  if (ignorePlan.kind === 'single') ignoreFile = ignorePlan.path;
  if (ignorePlan.kind === 'merge') {
    ignoreFile = join(temp, 'ghcr-kit-trivyignore');
    await writeFile(ignoreFile, ignorePlan.paths.map((p) => readFileSync(p, 'utf8')).join('\n'));
  }
  const now = new Date();
  const expired = ignoreFiles.flatMap((f) => expiredIgnores(f, readFileSync(f, 'utf8'), now));
  for (const e of expired) io.warning(`${e.file}: ignore entry ${e.id} expired on ${e.expired}; Trivy reports it again`);

  const username = read('registry-username');
  const password = read('registry-password');
  if (password) io.mask(password);
  const token = read('github-token');
  if (token) io.mask(token);
  const fromPath = readBoolean(read, 'scanner-from-path', false);
  const which = (tool: string) => (env.PATH ?? '').split(':').map((d) => join(d, tool)).find((p) => existsSync(p));

  const dbCache = readBoolean(read, 'cache', true) ? await restoreDbCache(cacheDir, now, io) : undefined;
  const metadata = join(cacheDir, 'db', 'metadata.json');
  const run: ToolRunner = async (command, args, options) => {
    const childEnv = Object.fromEntries(Object.entries({ ...env, ...options?.env }).filter((e): e is [string, string] => e[1] !== undefined));
    return getExecOutput(command, args, { ignoreReturnCode: true, silent: env.RUNNER_DEBUG !== '1', env: childEnv });
  };

  const result = await runScan({
    scanType, imageRefs, scanRef: read('scan-ref'), input: read('input'), platforms: splitInputList(read('platforms'), { commas: true }),
    trivy: { version: read('trivy-version') || read('version'), versionInput: read('trivy-version') ? 'trivy-version' : 'version', sha256: read('trivy-sha256'), urlTemplate: read('trivy-url') },
    syft: { version: read('syft-version'), versionInput: 'syft-version', sha256: read('syft-sha256'), urlTemplate: read('syft-url') },
    scannerFromPath: fromPath ? { trivy: which('trivy') ?? '', syft: which('syft') ?? '' } : {},
    filters: {
      ignoreUnfixed: readBoolean(read, 'ignore-unfixed', false), pkgTypes: read('pkg-types') || read('vuln-type'), scanners: read('scanners'),
      skipDirs: splitInputList(read('skip-dirs'), { commas: true }), skipFiles: splitInputList(read('skip-files'), { commas: true }), ignoreFile,
      trivyConfig: read('trivy-config'), ignorePolicy: read('ignore-policy'), listAllPkgs: readBoolean(read, 'list-all-pkgs', false), timeout: read('timeout'), hideProgress: readBoolean(read, 'hide-progress', true),
    },
    dbRepositories: dbRepositories(read('db-repository'), DEFAULT_DB_REPOSITORIES),
    javaDbRepositories: dbRepositories(read('java-db-repository'), DEFAULT_JAVA_DB_REPOSITORIES),
    dbFresh: dbIsFresh(existsSync(metadata) ? readFileSync(metadata, 'utf8') : undefined, now, parseMaxAge(read('db-max-age'))),
    cacheDir, outputDir,
    gate: { failOn: read('fail-on'), exitCode: read('exit-code'), severity: read('severity') || env.TRIVY_SEVERITY || '' },
    limitSeveritiesForSarif: readBoolean(read, 'limit-severities-for-sarif', false),
    category: read('category'), format: read('format'), output: read('output'), template: read('template'),
    ...(username && password && { registryCredentials: { username, password } }),
    expired,
  }, { run, log: io.info, sleep, env });
  // Saved before the gate, so a failing gate still leaves a warm DB for the next run (trivy-action#500).
  if (dbCache) await saveDbCache(dbCache, io);

  const [trivy, syft] = result.scanners;
  const counts = Object.fromEntries(Object.entries(result.counts).map(([severity, count]) => [severity.toLowerCase(), String(count)]));
  const outputs: Record<ScanOutput, string> = {
    sarif: result.sarifPath,
    json: result.targets.map((t) => t.json).join('\n'),
    sbom: result.targets.map((t) => t.sbom).filter(Boolean).join('\n'),
    'sbom-cyclonedx': result.targets.map((t) => t.sbomCyclonedx).filter(Boolean).join('\n'),
    critical: counts.critical ?? '0', high: counts.high ?? '0', medium: counts.medium ?? '0', low: counts.low ?? '0', unknown: counts.unknown ?? '0',
    passed: String(result.verdict.passed),
    'sarif-id': '',
    'trivy-version': trivy?.version ?? '', 'trivy-sha256': trivy?.sha256 ?? '',
    'syft-version': syft?.version ?? '', 'syft-sha256': syft?.sha256 ?? '',
    'artifact-id': '',
  };

  // Before the gate too: a failing gate is exactly when someone wants the SBOMs and SARIF.
  let artifact = 'not requested (upload-artifact: false)';
  if (readBoolean(read, 'upload-artifact', true)) {
    const uploaded = await uploadReportsArtifact({
      subjects: result.targets.map((t) => t.subject),
      files: [...result.targets.flatMap((t) => [t.sbom, t.sbomCyclonedx]).filter((f): f is string => Boolean(f)), result.sarifPath],
      rootDirectory: outputDir,
      env,
    });
    outputs['artifact-id'] = uploaded.id;
    artifact = uploaded.message;
    if (uploaded.uploaded) io.info(`Reports artifact: ${artifact}`);
    else io.notice(`Reports artifact ${artifact}`);
  }

  // Upload before the gate, so a failing gate still leaves its alerts in code scanning.
  let upload = 'not requested (upload-sarif: false)';
  if (readBoolean(read, 'upload-sarif', true)) {
    const skip = readOnlyTokenReason({ eventName: context.eventName, actor: context.actor, payload: context.payload });
    if (skip || !token) {
      upload = `skipped: ${skip ?? 'no github-token'}; the SARIF is at ${result.sarifPath}`;
      io.notice(`SARIF upload ${upload}`);
    } else {
      const uploaded = await uploadSarif({
        apiUrl: context.apiUrl, token, repository: context.repository.fullName,
        commitSha: context.sha, ref: context.ref, sarif: result.sarif.sarif, startedAt: now, toolName: 'Trivy',
        ...(env.GITHUB_WORKSPACE && { checkoutUri: env.GITHUB_WORKSPACE }),
      }, { fetch, sleep, pollDelaysMs: env.GHCR_KIT_POLL_DELAYS_MS ? env.GHCR_KIT_POLL_DELAYS_MS.split(',').map(Number) : POLL_DELAYS_MS });
      outputs['sarif-id'] = uploaded.id;
      upload = `${uploaded.status} (id ${uploaded.id})${uploaded.errors.length ? `: ${uploaded.errors.join('; ')}` : ''}`;
      if (uploaded.status === 'failed') throw new Error(`code scanning could not process the SARIF: ${uploaded.errors.join('; ')}`);
      if (uploaded.status === 'pending') io.warning(`code scanning has not finished processing upload ${uploaded.id}; check the Security tab later`);
    }
  }
  io.info(result.verdict.message);
  return {
    outputs,
    exports: {},
    summary: result.summary(upload, artifact),
    passed: result.verdict.passed,
    ...(!result.verdict.passed && { failure: result.verdict.message }),
  };
}

interface DbCache {
  paths: string[];
  key: string;
  hit: boolean;
}

/**
 * Restores `db/` and `java-db/` with actions/cache where the runner has the cache service;
 * elsewhere (local runs, act with an old cache server) the scan downloads the DB and says so.
 * https://github.com/actions/toolkit/tree/main/packages/cache
 */
async function restoreDbCache(cacheDir: string, now: Date, io: StepIO): Promise<DbCache | undefined> {
  if (!cache.isFeatureAvailable()) {
    io.info('DB cache: the runner has no cache service here; the DB is downloaded');
    return undefined;
  }
  const { key, restoreKeys } = dbCacheKey('db', now);
  const paths = [join(cacheDir, 'db'), join(cacheDir, 'java-db')];
  try {
    const restored = await cache.restoreCache(paths, key, restoreKeys);
    io.info(restored ? `DB cache: restored ${restored}` : 'DB cache: no copy yet');
    return { paths, key, hit: restored === key };
  } catch (error) {
    io.warning(`DB cache: restore failed (${(error as Error).message}); the DB is downloaded`);
    return undefined;
  }
}

async function saveDbCache(state: DbCache, io: StepIO): Promise<void> {
  if (state.hit || !state.paths.some((path) => existsSync(path))) return;
  try {
    await cache.saveCache(state.paths.filter((path) => existsSync(path)), state.key);
  } catch (error) {
    io.warning(`DB cache: save failed (${(error as Error).message})`);
  }
}
