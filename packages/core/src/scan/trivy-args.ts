/**
 * Command lines for Trivy. A flag is passed only when its input was set, so that Trivy's own
 * order applies to the rest: input (flag) > TRIVY_* environment > trivy.yaml > default.
 * https://trivy.dev/latest/docs/references/configuration/config-file/
 */
export type ScanType = 'image' | 'fs' | 'sbom';

/** trivy-action's inputs that shape what Trivy finds (by their trivy-action names). */
export interface TrivyFilterInputs {
  ignoreUnfixed: boolean;
  /** `vuln-type` / `pkg-types`: os,library. */
  pkgTypes: string;
  scanners: string;
  skipDirs: string[];
  skipFiles: string[];
  /** One file: a plain .trivyignore (possibly merged from several) or one .trivyignore.yaml. */
  ignoreFile: string;
  trivyConfig: string;
  ignorePolicy: string;
  listAllPkgs: boolean;
  timeout: string;
  hideProgress: boolean;
}

export interface TrivyScanPlan extends TrivyFilterInputs {
  scanType: ScanType;
  /** Image reference (by digest for one platform of an index), path, or SBOM file. */
  target: string;
  /** An image tarball (`input`), scanned instead of a registry image. */
  input: string;
  output: string;
  cacheDir: string;
  /** Trivy's DB is fetched by us beforehand (one repository at a time); see dbDownloadArgs. */
  skipDbUpdate: boolean;
  javaDbRepositories: string[];
}

export function trivyScanArgs(plan: TrivyScanPlan): string[] {
  const args: string[] = [plan.scanType, '--format', 'json', '--output', plan.output, '--cache-dir', plan.cacheDir];
  if (plan.skipDbUpdate) args.push('--skip-db-update');
  // Passing the flag replaces Trivy's default list, so the whole list goes in one flag.
  if (plan.javaDbRepositories.length) args.push('--java-db-repository', plan.javaDbRepositories.join(','));
  if (plan.scanType === 'image' && !plan.input) {
    // A digest names one platform already; asking a local daemon first would scan whatever
    // it has under that name instead, and needs a socket a runner may not have.
    args.push('--image-src', 'remote');
  }
  args.push(...filterArgs(plan));
  if (plan.scanType === 'image' && plan.input) args.push('--input', plan.input);
  else args.push(plan.target);
  return args;
}

function filterArgs(f: TrivyFilterInputs): string[] {
  const args: string[] = [];
  if (f.ignoreUnfixed) args.push('--ignore-unfixed');
  if (f.pkgTypes) args.push('--pkg-types', f.pkgTypes);
  if (f.scanners) args.push('--scanners', f.scanners);
  if (f.skipDirs.length) args.push('--skip-dirs', f.skipDirs.join(','));
  if (f.skipFiles.length) args.push('--skip-files', f.skipFiles.join(','));
  if (f.ignoreFile) args.push('--ignorefile', f.ignoreFile);
  if (f.trivyConfig) args.push('--config', f.trivyConfig);
  if (f.ignorePolicy) args.push('--ignore-policy', f.ignorePolicy);
  if (f.listAllPkgs) args.push('--list-all-pkgs');
  if (f.timeout) args.push('--timeout', f.timeout);
  if (f.hideProgress) args.push('--no-progress');
  return args;
}

/** `trivy convert` turns the one JSON report into the user's `format` without scanning again. */
export function trivyConvertArgs(options: {
  json: string;
  format: string;
  output: string;
  template: string;
}): string[] {
  const args = ['convert', '--format', options.format, '--output', options.output];
  if (options.template) args.push('--template', options.template);
  args.push(options.json);
  return args;
}

/** A DB-only download from one repository; the scan then runs with --skip-db-update. */
export function dbDownloadArgs(repository: string, cacheDir: string): string[] {
  return ['image', '--download-db-only', '--db-repository', repository, '--cache-dir', cacheDir, '--no-progress'];
}
