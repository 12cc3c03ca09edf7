import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageRef } from '../reference/index.ts';
import { RegistryClient, loadDockerCredentials, type Credentials } from '../registry/index.ts';
import { sarifCategory, platformSlug } from './category.ts';
import { fetchTrivyDb } from './db-fetch.ts';
import { countBySeverity, findingsOf, type Finding, type SeverityCounts } from './findings.ts';
import { evaluateGate, parseSeverities, resolveGate, type GateInputs, type GateVerdict } from './gate.ts';
import { imagePlatforms, selectPlatforms } from './image-platforms.ts';
import { installScanner, scannerFromPath, type InstalledScanner } from './install-scanner.ts';
import type { ScannerRelease } from './scanner-release.ts';
import { shapeSarif, type ShapedSarif } from './sarif.ts';
import { scanSummary, type ScannedTarget } from './summary.ts';
import { SYFT_ENV, syftArgs } from './syft-args.ts';
import { parseTrivyReport } from './trivy-report.ts';
import { trivyConvertArgs, trivyScanArgs, type ScanType, type TrivyFilterInputs } from './trivy-args.ts';
import type { ExpiredIgnore } from './trivyignore.ts';
import type { ToolRunner } from './tool-runner.ts';

export interface ScanOptions {
  scanType: ScanType;
  /** The images to scan, as given and parsed. */
  images: Array<{ raw: string; ref: ImageRef }>;
  scanRef: string;
  input: string;
  platforms: string[];
  trivy: ScannerRelease;
  /** Undefined for `scan-type: sbom`, which has nothing to catalogue. */
  syft: ScannerRelease | undefined;
  scannerFromPath: { trivy?: string; syft?: string };
  filters: TrivyFilterInputs;
  dbRepositories: string[];
  javaDbRepositories: string[];
  /** True when a fresh restored DB is in cacheDir: no download at all. */
  dbFresh: boolean;
  cacheDir: string;
  outputDir: string;
  gate: GateInputs;
  limitSeveritiesForSarif: boolean;
  category: string;
  format: string;
  output: string;
  template: string;
  registryCredentials?: Credentials;
  expired: ExpiredIgnore[];
}

export interface ScanDeps {
  run: ToolRunner;
  log: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  env: Record<string, string | undefined>;
}

export interface ScanTargetResult extends ScannedTarget {
  /** Image repository (`acme/app`) or, for fs/sbom scans, the scanned path. */
  subject: string;
  category: string;
  imageLocation: string;
  json: string;
  sbom: string;
  sbomCyclonedx: string;
}

export interface ScanResult {
  targets: ScanTargetResult[];
  scanners: InstalledScanner[];
  counts: SeverityCounts;
  sarif: ShapedSarif;
  sarifPath: string;
  verdict: GateVerdict;
  dbRepository: string;
  summary: (upload?: string, artifact?: string, release?: string) => string;
}

interface PlannedTarget {
  label: string;
  platform: string;
  scanRef: string;
  subject: string;
  imageLocation: string;
  severalPlatforms: boolean;
}

/**
 * One scan, every report: installs the verified scanners, fetches the DB with our fallback,
 * runs Trivy once per target and platform (JSON) and Syft once (SPDX + CycloneDX), then
 * derives SARIF, the user's format and the summary from that JSON. The gate verdict is
 * computed but not acted on: the caller uploads and saves first.
 */
export async function runScan(options: ScanOptions, deps: ScanDeps): Promise<ScanResult> {
  const gate = resolveGate(options.gate);
  await mkdir(options.outputDir, { recursive: true });

  const install = async (release: ScannerRelease) => {
    const fromPath = options.scannerFromPath[release.tool];
    if (fromPath) return scannerFromPath(release.tool, fromPath);
    return installScanner(release, deps.log);
  };
  const trivy = await install(options.trivy);
  const syft = options.syft && (await install(options.syft));
  const scanners = [trivy, ...(syft ? [syft] : [])];
  for (const s of scanners) {
    // The sha256 is the binary's identity; --version is only logged (a source build says `dev`).
    const said = await deps.run(s.path, s.tool === 'trivy' ? ['--version'] : ['version']);
    const origin = `${s.from}${s.cached ? ', cached' : ''}`;
    deps.log(`${s.tool} ${s.version} sha256 ${s.sha256} (${origin}): ${said.stdout.trim().split('\n')[0] ?? ''}`);
  }

  const toolEnv = credentialEnv(options.registryCredentials);
  const run: ToolRunner = (command, args, o) => deps.run(command, args, { env: { ...toolEnv, ...o?.env } });

  let dbRepository = 'restored cache';
  if (!options.dbFresh)
    dbRepository = await fetchTrivyDb(trivy.path, options.dbRepositories, options.cacheDir, run, deps.log, deps.sleep);

  const planned = await planTargets(options, deps.env);
  const targets: ScanTargetResult[] = [];
  for (const [index, t] of planned.entries()) {
    const stem = join(options.outputDir, reportStem(index, t));
    const json = `${stem}.trivy.json`;
    const scan = await run(
      trivy.path,
      trivyScanArgs({
        ...options.filters,
        scanType: options.scanType,
        target: t.scanRef,
        input: options.input,
        output: json,
        cacheDir: options.cacheDir,
        skipDbUpdate: true,
        javaDbRepositories: options.javaDbRepositories,
      }),
    );
    if (scan.exitCode !== 0) throw scannerFailed('trivy', t, scan);
    const findings: Finding[] = findingsOf(parseTrivyReport(await readFile(json, 'utf8'), json));
    let sbom = '';
    let sbomCyclonedx = '';
    const sArgs =
      syft &&
      syftArgs({
        scanType: options.scanType,
        target: t.scanRef,
        input: options.input,
        spdxJson: `${stem}.spdx.json`,
        cyclonedxJson: `${stem}.cdx.json`,
      });
    if (syft && sArgs) {
      const s = await run(syft.path, sArgs, { env: SYFT_ENV });
      if (s.exitCode !== 0) throw scannerFailed('syft', t, s);
      sbom = `${stem}.spdx.json`;
      sbomCyclonedx = `${stem}.cdx.json`;
    }
    const category = sarifCategory({
      prefix: options.category,
      subject: t.subject,
      platform: t.platform,
      severalPlatforms: t.severalPlatforms,
    });
    targets.push({
      label: t.label,
      subject: t.subject,
      platform: t.platform,
      findings,
      category,
      imageLocation: t.imageLocation,
      json,
      sbom,
      sbomCyclonedx,
    });
    deps.log(`${t.label}${t.platform ? ` ${t.platform}` : ''}: ${findings.length} finding(s), category ${category}`);
  }

  // SARIF holds every severity unless limit-severities-for-sarif (trivy-action#309).
  const sarifSeverities = options.limitSeveritiesForSarif ? parseSeverities(options.gate.severity) : undefined;
  const sarif = shapeSarif(
    targets.map((t) => ({
      category: t.category,
      imageLocation: t.imageLocation,
      findings: sarifSeverities ? t.findings.filter((f) => sarifSeverities.includes(f.severity)) : t.findings,
    })),
    { toolVersion: trivy.version },
  );
  const sarifPath = join(options.outputDir, 'trivy.sarif');
  await writeFile(sarifPath, JSON.stringify(sarif.sarif, null, 2));
  for (const r of sarif.runs)
    if (r.dropped) deps.log(`SARIF ${r.category}: ${r.dropped} least severe result(s) dropped to fit GitHub's limits`);
  if (sarif.droppedRuns.length)
    deps.log(
      `SARIF: ${sarif.droppedRuns.length} run(s) over GitHub's limit of 20 left out: ${sarif.droppedRuns.join(', ')}`,
    );

  await writeUserFormat(options, targets, sarifPath, trivy.path, run, deps.log);

  const all = targets.flatMap((t) => t.findings);
  const verdict = evaluateGate(gate, all);
  return {
    targets,
    scanners,
    counts: countBySeverity(all),
    sarif,
    sarifPath,
    verdict,
    dbRepository,
    summary: (upload, artifact, release) =>
      scanSummary({
        targets,
        gate: verdict,
        expired: options.expired,
        sarif,
        ...(upload && { upload }),
        ...(artifact && { artifact }),
        ...(release && { release }),
        scanners: scanners.map((s) => ({
          tool: s.tool,
          version: s.version,
          sha256: s.sha256,
          from: verifiedAgainst(s),
        })),
      }),
  };
}

async function planTargets(options: ScanOptions, env: ScanDeps['env']): Promise<PlannedTarget[]> {
  if (options.scanType !== 'image' || options.input) {
    const path = options.scanType === 'image' ? options.input : options.scanRef || '.';
    return [{ label: path, platform: '', scanRef: path, subject: path, imageLocation: path, severalPlatforms: false }];
  }
  const out: PlannedTarget[] = [];
  for (const { raw, ref } of options.images) {
    const credentials = options.registryCredentials ?? loadDockerCredentials(ref.registry, env).credentials;
    const client = new RegistryClient({ registry: ref.registry, ...(credentials && { credentials }) });
    const { images } = await imagePlatforms(client, ref.repository, ref.digest ?? ref.tag ?? 'latest');
    const chosen = selectPlatforms(images, options.platforms, raw);
    for (const image of chosen) {
      out.push({
        label: raw,
        platform: image.platform,
        scanRef: `${ref.registry}/${ref.repository}@${image.digest}`,
        subject: ref.repository,
        imageLocation: `${ref.registry}/${ref.repository}`,
        severalPlatforms: chosen.length > 1,
      });
    }
  }
  return out;
}

/** Trivy and Syft read registry credentials from their own variables, never from an argument. */
function credentialEnv(credentials: ScanOptions['registryCredentials']): Record<string, string> {
  if (!credentials) return {};
  const { username, password } = credentials;
  return {
    TRIVY_USERNAME: username,
    TRIVY_PASSWORD: password,
    SYFT_REGISTRY_AUTH_USERNAME: username,
    SYFT_REGISTRY_AUTH_PASSWORD: password,
  };
}

/** `01-acme-app-linux-amd64`: numbered so reports sort in scan order, then subject and platform. */
function reportStem(index: number, target: { subject: string; platform?: string }): string {
  const platform = target.platform ? `-${platformSlug(target.platform)}` : '';
  return `${String(index + 1).padStart(2, '0')}-${slug(target.subject)}${platform}`;
}

/** What the summary says a scanner binary's sha256 was checked against. */
function verifiedAgainst(scanner: { tool: string; from: string }): string {
  if (scanner.from === 'table') return 'our sha256 table';
  if (scanner.from === 'input') return `${scanner.tool}-sha256 input`;
  return 'binary on PATH (its own hash)';
}

/** `output` as given for one target, numbered for several; without it, a file per target in outputDir. */
function convertedOutput(options: ScanOptions, format: string, index: number, count: number): string {
  if (!options.output) return join(options.outputDir, `${index + 1}.${format === 'table' ? 'txt' : format}`);
  return count === 1 ? options.output : `${options.output}.${index + 1}`;
}

/** A scanner's non-zero exit, with the target and the last lines it printed. */
function scannerFailed(
  tool: 'trivy' | 'syft',
  target: { label: string; platform?: string },
  result: { exitCode: number; stderr: string },
): Error {
  const where = target.platform ? `${target.label} (${target.platform})` : target.label;
  const lastLines = result.stderr.trim().split('\n').slice(-5).join('\n');
  return new Error(`${tool} failed on ${where} with exit code ${result.exitCode}: ${lastLines}`);
}

/** trivy-action's `format`/`output`: from the JSON we have, never by scanning again. */
async function writeUserFormat(
  options: ScanOptions,
  targets: ScanTargetResult[],
  sarifPath: string,
  trivy: string,
  run: ToolRunner,
  log: (l: string) => void,
): Promise<void> {
  const format = options.format || 'table';
  if (format === 'sarif') {
    if (options.output) await writeFile(options.output, await readFile(sarifPath));
    return;
  }
  if (format === 'json' && options.output && targets.length === 1) {
    await writeFile(options.output, await readFile(targets[0]!.json));
    return;
  }
  for (const [i, t] of targets.entries()) {
    const output = convertedOutput(options, format, i, targets.length);
    const r = await run(trivy, trivyConvertArgs({ json: t.json, format, output, template: options.template }));
    if (r.exitCode !== 0)
      throw new Error(`trivy convert --format ${format} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
    if (format === 'table' && !options.output) log(await readFile(output, 'utf8'));
  }
}

function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'target'
  );
}
