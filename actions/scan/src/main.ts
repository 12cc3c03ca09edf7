import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { getExecOutput } from '@actions/exec';
import { booleanInput, choiceInput, input, runAction, secretInput, splitInputList, writeSummary } from '@ghcr-kit/core/actions';
import { InputError } from '@ghcr-kit/core/errors';
import {
  DEFAULT_DB_REPOSITORIES, DEFAULT_JAVA_DB_REPOSITORIES, POLL_DELAYS_MS, dbIsFresh, dbRepositories, expiredIgnores, parseMaxAge, planIgnoreFiles, readOnlyTokenReason, runScan, uploadSarif,
  type ToolRunner,
} from '@ghcr-kit/core/scan';

const run: ToolRunner = async (command, args, options) => {
  const env = Object.fromEntries(Object.entries({ ...process.env, ...options?.env }).filter((e): e is [string, string] => e[1] !== undefined));
  return getExecOutput(command, args, { ignoreReturnCode: true, silent: !core.isDebug(), env });
};

await runAction(async () => {
  const temp = process.env.RUNNER_TEMP || process.cwd();
  const outputDir = join(temp, 'ghcr-kit-scan');
  const cacheDir = input('cache-dir') || join(temp, 'ghcr-kit-trivy-cache');
  const scanType = choiceInput('scan-type', ['image', 'fs', 'sbom'] as const, 'image');
  const imageRefs = splitInputList(input('image-ref'));
  if (scanType === 'image' && imageRefs.length === 0 && !input('input')) throw new InputError('image-ref', '', 'nothing to scan', 'Set image-ref (build\'s image-refs output), or input for a tarball, or scan-type fs with scan-ref.');

  const ignoreFiles = splitInputList(input('trivyignores'), { commas: true });
  const ignorePlan = planIgnoreFiles(ignoreFiles);
  let ignoreFile = '';
  if (ignorePlan.kind === 'single') ignoreFile = ignorePlan.path;
  if (ignorePlan.kind === 'merge') {
    ignoreFile = join(temp, 'ghcr-kit-trivyignore');
    await writeFile(ignoreFile, ignorePlan.paths.map((p) => readFileSync(p, 'utf8')).join('\n'));
  }
  const now = new Date();
  const expired = ignoreFiles.flatMap((f) => expiredIgnores(f, readFileSync(f, 'utf8'), now));
  for (const e of expired) core.warning(`${e.file}: ignore entry ${e.id} expired on ${e.expired}; Trivy reports it again`);

  const username = input('registry-username');
  const password = secretInput('registry-password');
  const fromPath = booleanInput('scanner-from-path', false);
  const which = (tool: string) => (process.env.PATH ?? '').split(':').map((d) => join(d, tool)).find((p) => existsSync(p));
  const metadata = join(cacheDir, 'db', 'metadata.json');

  const result = await runScan({
    scanType, imageRefs, scanRef: input('scan-ref'), input: input('input'), platforms: splitInputList(input('platforms'), { commas: true }),
    trivy: { version: input('trivy-version') || input('version'), versionInput: input('trivy-version') ? 'trivy-version' : 'version', sha256: input('trivy-sha256'), urlTemplate: input('trivy-url') },
    syft: { version: input('syft-version'), versionInput: 'syft-version', sha256: input('syft-sha256'), urlTemplate: input('syft-url') },
    scannerFromPath: fromPath ? { trivy: which('trivy') ?? '', syft: which('syft') ?? '' } : {},
    filters: {
      ignoreUnfixed: booleanInput('ignore-unfixed', false), pkgTypes: input('pkg-types') || input('vuln-type'), scanners: input('scanners'),
      skipDirs: splitInputList(input('skip-dirs'), { commas: true }), skipFiles: splitInputList(input('skip-files'), { commas: true }), ignoreFile,
      trivyConfig: input('trivy-config'), ignorePolicy: input('ignore-policy'), listAllPkgs: booleanInput('list-all-pkgs', false), timeout: input('timeout'), hideProgress: booleanInput('hide-progress', true),
    },
    dbRepositories: dbRepositories(input('db-repository'), DEFAULT_DB_REPOSITORIES),
    javaDbRepositories: dbRepositories(input('java-db-repository'), DEFAULT_JAVA_DB_REPOSITORIES),
    dbFresh: dbIsFresh(existsSync(metadata) ? readFileSync(metadata, 'utf8') : undefined, now, parseMaxAge(input('db-max-age'))),
    cacheDir, outputDir,
    gate: { failOn: input('fail-on'), exitCode: input('exit-code'), severity: input('severity') || process.env.TRIVY_SEVERITY || '' },
    limitSeveritiesForSarif: booleanInput('limit-severities-for-sarif', false),
    category: input('category'), format: input('format'), output: input('output'), template: input('template'),
    ...(username && password && { registryCredentials: { username, password } }),
    expired,
  }, { run, log: (l) => core.info(l), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), env: process.env });

  const [trivy, syft] = result.scanners;
  core.setOutput('sarif', result.sarifPath);
  core.setOutput('json', result.targets.map((t) => t.json).join('\n'));
  core.setOutput('sbom', result.targets.map((t) => t.sbom).filter(Boolean).join('\n'));
  core.setOutput('sbom-cyclonedx', result.targets.map((t) => t.sbomCyclonedx).filter(Boolean).join('\n'));
  for (const [severity, count] of Object.entries(result.counts)) core.setOutput(severity.toLowerCase(), String(count));
  core.setOutput('passed', String(result.verdict.passed));
  core.setOutput('trivy-version', trivy!.version);
  core.setOutput('trivy-sha256', trivy!.sha256);
  if (syft) {
    core.setOutput('syft-version', syft.version);
    core.setOutput('syft-sha256', syft.sha256);
  }

  // Upload before the gate, so a failing gate still leaves its alerts in code scanning.
  let upload = 'not requested (upload-sarif: false)';
  if (booleanInput('upload-sarif', true)) {
    const payloadPath = process.env.GITHUB_EVENT_PATH;
    const payload = payloadPath && existsSync(payloadPath) ? (JSON.parse(readFileSync(payloadPath, 'utf8')) as Record<string, unknown>) : {};
    const skip = readOnlyTokenReason({ eventName: process.env.GITHUB_EVENT_NAME ?? '', actor: process.env.GITHUB_ACTOR ?? '', payload });
    const token = secretInput('github-token');
    if (skip || !token) {
      upload = `skipped: ${skip ?? 'no github-token'}; the SARIF is at ${result.sarifPath}`;
      core.notice(`SARIF upload ${upload}`);
    } else {
      const uploaded = await uploadSarif({
        apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com', token, repository: process.env.GITHUB_REPOSITORY ?? '',
        commitSha: process.env.GITHUB_SHA ?? '', ref: process.env.GITHUB_REF ?? '', sarif: result.sarif.sarif, startedAt: now, toolName: 'Trivy',
        ...(process.env.GITHUB_WORKSPACE && { checkoutUri: process.env.GITHUB_WORKSPACE }),
      }, { fetch, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), pollDelaysMs: process.env.GHCR_KIT_POLL_DELAYS_MS ? process.env.GHCR_KIT_POLL_DELAYS_MS.split(',').map(Number) : POLL_DELAYS_MS });
      core.setOutput('sarif-id', uploaded.id);
      upload = `${uploaded.status} (id ${uploaded.id})${uploaded.errors.length ? `: ${uploaded.errors.join('; ')}` : ''}`;
      if (uploaded.status === 'failed') throw new Error(`code scanning could not process the SARIF: ${uploaded.errors.join('; ')}`);
      if (uploaded.status === 'pending') core.warning(`code scanning has not finished processing upload ${uploaded.id}; check the Security tab later`);
    }
  }
  await writeSummary(result.summary(upload));
  if (!result.verdict.passed) core.setFailed(result.verdict.message);
  else core.info(result.verdict.message);
});
