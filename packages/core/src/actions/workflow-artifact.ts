import { randomBytes } from 'node:crypto';
import { DefaultArtifactClient, GHESNotSupportedError } from '@actions/artifact';
import type { Env } from '../context/index.ts';

/** What became of a workflow artifact: the summary line and, when uploaded, its id. */
export interface WorkflowArtifact {
  uploaded: boolean;
  name: string;
  id: string;
  /** One line for the log and the summary. */
  message: string;
}

export interface WorkflowArtifactOptions {
  name: string;
  /** Absolute paths; every one lies under rootDirectory. */
  files: string[];
  rootDirectory: string;
  env: Env;
}

/** Just the part of the artifact client the upload uses, so a caller can pass another. */
export type ArtifactUploader = Pick<DefaultArtifactClient, 'uploadArtifact'>;

/**
 * The runner hands a job the artifact service through these two variables; @actions/artifact
 * reads them from process.env (its shared/config.ts). A local run, a container job without
 * them or a self-made runner has neither, and the files stay on disk.
 * https://github.com/actions/toolkit/blob/main/packages/artifact/src/internal/shared/config.ts
 */
export function artifactServiceMissing(env: Env): string | undefined {
  const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((name) => !env[name]);
  return missing.length ? `the runner provides no artifact service here (${missing.join(' and ')} unset)` : undefined;
}

/**
 * A re-run of a job is the same workflow run, where the earlier attempt's artifact still holds
 * the name (the service answers 409), so attempts 2, 3, … get their own suffix.
 * https://github.com/actions/upload-artifact/blob/main/docs/MIGRATION.md#multiple-uploads-to-the-same-named-artifact
 */
export function attemptSuffix(runAttempt: string | undefined): string {
  const attempt = Number(runAttempt ?? '1');
  return attempt > 1 ? `-attempt-${attempt}` : '';
}

/**
 * Uploads files as one zipped workflow artifact with @actions/artifact, the library the
 * runner's actions/upload-artifact uses. Never throws: an artifact is a convenience beside the
 * step's real work, so a missing or failing service is a line in the log and the summary.
 */
export async function uploadWorkflowArtifact(
  options: WorkflowArtifactOptions,
  client: ArtifactUploader = new DefaultArtifactClient(),
): Promise<WorkflowArtifact> {
  let name = options.name;
  const notUploaded = (reason: string): WorkflowArtifact => ({
    uploaded: false,
    name,
    id: '',
    message: `not uploaded: ${reason}; the files are in ${options.rootDirectory}`,
  });
  const missing = artifactServiceMissing(options.env);
  if (missing) return notUploaded(missing);
  try {
    let response;
    try {
      response = await client.uploadArtifact(name, options.files, options.rootDirectory);
    } catch (error) {
      // The same name twice in one run (a matrix over one image, two steps): the second upload
      // takes a suffix rather than overwriting its sibling's files.
      if (!/\(409\)/.test((error as Error).message)) throw error;
      name = `${name}-${options.env.GITHUB_JOB ? `${options.env.GITHUB_JOB}-` : ''}${randomBytes(3).toString('hex')}`;
      response = await client.uploadArtifact(name, options.files, options.rootDirectory);
    }
    const id = response.id === undefined ? '' : String(response.id);
    const what = `id ${id || 'unknown'}, ${response.size ?? 0} bytes, ${options.files.length} files`;
    return { uploaded: true, name, id, message: `uploaded as ${name} (${what})` };
  } catch (error) {
    return notUploaded(
      error instanceof GHESNotSupportedError
        ? 'GitHub Enterprise Server has no artifact service for @actions/artifact v2+'
        : (error as Error).message,
    );
  }
}
