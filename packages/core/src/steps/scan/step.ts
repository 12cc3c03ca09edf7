import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { getExecOutput } from '@actions/exec';
import type { StepIO, StepResult } from '../../actions/index.ts';
import { dbIsFresh } from '../../scan/db-cache.ts';
import { releaseTagOf, uploadReleaseAssets } from '../../scan/release-assets.ts';
import { uploadReportsArtifact } from '../../scan/reports-artifact.ts';
import { runScan, type ScanResult } from '../../scan/run-scan.ts';
import { POLL_DELAYS_MS, readOnlyTokenReason, uploadSarif } from '../../scan/sarif-upload.ts';
import type { ToolRunner } from '../../scan/tool-runner.ts';
import { expiredIgnores } from '../../scan/trivyignore.ts';
import { restoreDbCache, saveDbCache } from './db-cache-store.ts';
import { parseScanInputs, type ScanInputs } from './inputs.ts';

/** The scan action's outputs; action.yml declares exactly these. */
export const SCAN_OUTPUTS = [
  'sarif',
  'json',
  'sbom',
  'sbom-cyclonedx',
  'critical',
  'high',
  'medium',
  'low',
  'unknown',
  'passed',
  'sarif-id',
  'trivy-version',
  'trivy-sha256',
  'syft-version',
  'syft-sha256',
  'artifact-id',
  'release-assets',
] as const;
export type ScanOutput = (typeof SCAN_OUTPUTS)[number];

/** One SBOM Syft wrote: per image and platform scanned, in the order scanned. */
export interface ScanSbom {
  /** The repository scanned (`acme/app`), or the path for fs and sbom scans. */
  subject: string;
  /** `linux/amd64`; empty for a single-platform image or a path. */
  platform: string;
  /** The SPDX JSON file. */
  spdx: string;
  /** The CycloneDX JSON file. */
  cyclonedx: string;
}

/**
 * The scan action: every input checked first; pinned, verified scanners; one Trivy run per
 * target and platform with every report derived from its JSON; the DB cached with
 * actions/cache and saved before the gate; SARIF, the reports artifact and the release assets
 * uploaded before the gate; the gate last (`failure`), so a failing gate still leaves every
 * report, upload and the cache behind.
 */
export async function scanStep(
  io: StepIO,
  pushed: readonly string[] = [],
): Promise<StepResult<ScanOutput> & { passed: boolean; sboms: ScanSbom[] }> {
  const inputs = parseScanInputs(io.read, io.env, process.arch, pushed);
  const sleep = io.sleep;
  const now = io.now();
  if (inputs.registryCredentials) io.mask(inputs.registryCredentials.password);
  if (inputs.githubToken) io.mask(inputs.githubToken);

  const ignoreFile = await writeIgnoreFile(inputs);
  const expired = inputs.trivyignores.flatMap((f) => expiredIgnores(f, readFileSync(f, 'utf8'), now));
  for (const e of expired)
    io.warning(`${e.file}: ignore entry ${e.id} expired on ${e.expired}; Trivy reports it again`);

  const dbCache = inputs.cache ? await restoreDbCache(inputs.cacheDir, now, io) : undefined;
  const metadata = join(inputs.cacheDir, 'db', 'metadata.json');
  const which = (tool: string) =>
    (io.env.PATH ?? '')
      .split(':')
      .map((d) => join(d, tool))
      .find((p) => existsSync(p));
  const run: ToolRunner = async (command, args, options) => {
    const merged = Object.entries({ ...io.env, ...options?.env });
    const env = Object.fromEntries(merged.filter((e): e is [string, string] => e[1] !== undefined));
    return getExecOutput(command, args, { ignoreReturnCode: true, silent: io.env.RUNNER_DEBUG !== '1', env });
  };

  const dbMetadata = existsSync(metadata) ? readFileSync(metadata, 'utf8') : undefined;
  const result = await runScan(
    {
      ...inputs,
      scannerFromPath: inputs.scannerFromPath ? { trivy: which('trivy') ?? '', syft: which('syft') ?? '' } : {},
      filters: { ...inputs.filters, ignoreFile },
      dbFresh: dbIsFresh(dbMetadata, now, inputs.dbMaxAgeMs),
      expired,
    },
    { run, log: io.info, sleep, env: io.env },
  );
  // Saved before the gate, so a failing gate still leaves a warm DB for the next run (trivy-action#500).
  if (dbCache) await saveDbCache(dbCache, io);

  const outputs = scanOutputs(result);
  const reports = [...result.targets.flatMap((t) => [t.sbom, t.sbomCyclonedx]).filter(Boolean), result.sarifPath];

  // Before the gate too: a failing gate is exactly when someone wants the SBOMs and SARIF.
  let artifact = 'not requested (upload-artifact: false)';
  if (inputs.uploadArtifact) {
    const subjects = result.targets.map((t) => t.subject);
    const uploaded = await uploadReportsArtifact({
      subjects,
      files: reports,
      rootDirectory: inputs.outputDir,
      env: io.env,
    });
    outputs['artifact-id'] = uploaded.id;
    artifact = uploaded.message;
    if (uploaded.uploaded) io.info(`Reports artifact: ${artifact}`);
    else io.notice(`Reports artifact ${artifact}`);
  }

  let release = 'not requested (release-assets: false)';
  if (inputs.releaseAssets) {
    const attached = await attachToRelease(io, inputs, reports);
    release = attached.message;
    outputs['release-assets'] = attached.names.join('\n');
  }

  // Upload before the gate, so a failing gate still leaves its alerts in code scanning.
  let upload = 'not requested (upload-sarif: false)';
  if (inputs.uploadSarif) {
    const { context } = io;
    const skip = readOnlyTokenReason({ eventName: context.eventName, actor: context.actor, payload: context.payload });
    if (skip || !inputs.githubToken) {
      upload = `skipped: ${skip ?? 'no github-token'}; the SARIF is at ${result.sarifPath}`;
      io.notice(`SARIF upload ${upload}`);
    } else {
      const uploaded = await uploadSarif(
        {
          apiUrl: context.apiUrl,
          token: inputs.githubToken,
          repository: context.repository.fullName,
          commitSha: context.sha,
          ref: context.ref,
          sarif: result.sarif.sarif,
          startedAt: now,
          toolName: 'Trivy',
          ...(io.env.GITHUB_WORKSPACE && { checkoutUri: io.env.GITHUB_WORKSPACE }),
        },
        { fetch, sleep, pollDelaysMs: POLL_DELAYS_MS },
      );
      outputs['sarif-id'] = uploaded.id;
      const errors = uploaded.errors.length ? `: ${uploaded.errors.join('; ')}` : '';
      upload = `${uploaded.status} (id ${uploaded.id})${errors}`;
      if (uploaded.status === 'failed')
        throw new Error(`code scanning could not process the SARIF: ${uploaded.errors.join('; ')}`);
      if (uploaded.status === 'pending')
        io.warning(`code scanning has not finished processing upload ${uploaded.id}; check the Security tab later`);
    }
  }
  io.info(result.verdict.message);
  return {
    outputs,
    exports: {},
    summary: result.summary(upload, artifact, release),
    passed: result.verdict.passed,
    sboms: result.targets
      .filter((t) => t.sbom)
      .map((t) => ({ subject: t.subject, platform: t.platform, spdx: t.sbom, cyclonedx: t.sbomCyclonedx })),
    ...(!result.verdict.passed && { failure: result.verdict.message }),
  };
}

/** Trivy takes one --ignorefile: several plain files are joined into one under RUNNER_TEMP. */
async function writeIgnoreFile(inputs: ScanInputs): Promise<string> {
  const plan = inputs.ignorePlan;
  if (plan.kind === 'none') return '';
  if (plan.kind === 'single') return plan.path;
  const merged = join(dirname(inputs.outputDir), 'ghcr-kit-trivyignore');
  await writeFile(merged, plan.paths.map((p) => readFileSync(p, 'utf8')).join('\n'));
  return merged;
}

async function attachToRelease(
  io: StepIO,
  inputs: ScanInputs,
  files: string[],
): Promise<{ message: string; names: string[] }> {
  const which = releaseTagOf(io.context);
  if ('none' in which) {
    const message = `skipped: ${which.none}`;
    io.notice(`Release assets ${message}`);
    return { message, names: [] };
  }
  const { apiUrl, repository } = io.context;
  const request = { apiUrl, token: inputs.githubToken, repository: repository.fullName, tag: which.tag, files };
  const attached = await uploadReleaseAssets(request, { fetch });
  if (attached.kind === 'no-release') {
    const message = `not uploaded: ${repository.fullName} has no published release for tag ${which.tag}`;
    io.notice(`Release assets ${message}`);
    return { message, names: [] };
  }
  const replaced = attached.assets.filter((a) => a.replaced).length;
  const names = attached.assets.map((a) => a.name);
  const message = `attached to release ${which.tag}: ${names.join(', ')}${replaced ? ` (${replaced} replaced)` : ''}`;
  io.info(`Release assets ${message}`);
  return { message, names };
}

function scanOutputs(result: ScanResult): Record<ScanOutput, string> {
  const [trivy, syft] = result.scanners;
  const counts = Object.fromEntries(
    Object.entries(result.counts).map(([severity, n]) => [severity.toLowerCase(), String(n)]),
  );
  const paths = (pick: (t: ScanResult['targets'][number]) => string) =>
    result.targets.map(pick).filter(Boolean).join('\n');
  return {
    sarif: result.sarifPath,
    json: paths((t) => t.json),
    sbom: paths((t) => t.sbom),
    'sbom-cyclonedx': paths((t) => t.sbomCyclonedx),
    critical: counts.critical ?? '0',
    high: counts.high ?? '0',
    medium: counts.medium ?? '0',
    low: counts.low ?? '0',
    unknown: counts.unknown ?? '0',
    passed: String(result.verdict.passed),
    'sarif-id': '',
    'trivy-version': trivy?.version ?? '',
    'trivy-sha256': trivy?.sha256 ?? '',
    'syft-version': syft?.version ?? '',
    'syft-sha256': syft?.sha256 ?? '',
    'artifact-id': '',
    'release-assets': '',
  };
}
