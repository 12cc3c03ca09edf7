import { randomBytes } from 'node:crypto';
import { DefaultArtifactClient, GHESNotSupportedError } from '@actions/artifact';
import type { Env } from '../context/index.ts';

/** What became of the reports artifact: the summary line and, when uploaded, its id. */
export interface ReportsArtifact {
  uploaded: boolean;
  name: string;
  id: string;
  /** One line for the log and the summary. */
  message: string;
}

export interface ReportsArtifactOptions {
  /** Image repositories (or scanned paths) of the targets; the name is made from them. */
  subjects: string[];
  /** Absolute paths of the SBOMs and the SARIF; every one lies under rootDirectory. */
  files: string[];
  rootDirectory: string;
  env: Env;
}

/** Just the part of the artifact client the upload uses, so a caller can pass another. */
export type ArtifactUploader = Pick<DefaultArtifactClient, 'uploadArtifact'>;

/**
 * The runner hands a job the artifact service through these two variables; @actions/artifact
 * reads them from process.env (its shared/config.ts). A local run, a container job without
 * them or a self-made runner has neither, and the reports stay on disk.
 * https://github.com/actions/toolkit/blob/main/packages/artifact/src/internal/shared/config.ts
 */
export function artifactServiceMissing(env: Env): string | undefined {
  const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((name) => !env[name]);
  return missing.length ? `the runner provides no artifact service here (${missing.join(' and ')} unset)` : undefined;
}

/**
 * `sbom-<repository>`: names are unique within a workflow run and the service refuses a second
 * CreateArtifact with one (409 Conflict, actions/upload-artifact#478). A re-run of the job
 * is the same workflow run, where the earlier attempt's artifact still holds the name, so a
 * re-run (GITHUB_RUN_ATTEMPT 2, 3, …) gets its own suffix.
 * https://github.com/actions/upload-artifact/blob/main/docs/MIGRATION.md#multiple-uploads-to-the-same-named-artifact
 */
export function reportsArtifactName(subjects: string[], runAttempt: string | undefined): string {
  const repository = [...new Set(subjects)].map((s) => s.replace(/^\.?\/+/, '').replace(/\/+$/, '')).filter(Boolean).join('-');
  // The service forbids " : < > | * ? \r \n \ / in names (path-and-artifact-name-validation.ts).
  const slug = repository.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'scan';
  const attempt = Number(runAttempt ?? '1');
  return `sbom-${slug}${attempt > 1 ? `-attempt-${attempt}` : ''}`;
}

/**
 * Uploads the SBOMs and the SARIF as one zipped workflow artifact with @actions/artifact, the
 * library the runner's actions/upload-artifact uses. Never throws: the reports are a convenience
 * next to the gate and the code scanning upload, so a missing or failing service is a line in
 * the log and the summary, not a failed scan.
 */
export async function uploadReportsArtifact(options: ReportsArtifactOptions, client: ArtifactUploader = new DefaultArtifactClient()): Promise<ReportsArtifact> {
  let name = reportsArtifactName(options.subjects, options.env.GITHUB_RUN_ATTEMPT);
  const missing = artifactServiceMissing(options.env);
  if (missing) return { uploaded: false, name, id: '', message: `not uploaded: ${missing}; the reports are in ${options.rootDirectory}` };
  try {
    let response;
    try {
      response = await client.uploadArtifact(name, options.files, options.rootDirectory);
    } catch (error) {
      // The same image scanned twice in one run (a matrix over the same image, two scan steps):
      // the second upload takes a suffix rather than overwriting its sibling's reports.
      if (!/\(409\)/.test((error as Error).message)) throw error;
      name = `${name}-${options.env.GITHUB_JOB ? `${options.env.GITHUB_JOB}-` : ''}${randomBytes(3).toString('hex')}`;
      response = await client.uploadArtifact(name, options.files, options.rootDirectory);
    }
    const id = response.id === undefined ? '' : String(response.id);
    return { uploaded: true, name, id, message: `uploaded as ${name} (id ${id || 'unknown'}, ${response.size ?? 0} bytes, ${options.files.length} files)` };
  } catch (error) {
    const reason = error instanceof GHESNotSupportedError ? 'GitHub Enterprise Server has no artifact service for @actions/artifact v2+' : (error as Error).message;
    return { uploaded: false, name, id: '', message: `not uploaded: ${reason}; the reports are in ${options.rootDirectory}` };
  }
}
