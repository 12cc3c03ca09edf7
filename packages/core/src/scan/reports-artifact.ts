import {
  attemptSuffix,
  uploadWorkflowArtifact,
  type ArtifactUploader,
  type WorkflowArtifact,
} from '../actions/workflow-artifact.ts';
import type { Env } from '../context/index.ts';

export interface ReportsArtifactOptions {
  /** Image repositories (or scanned paths) of the targets; the name is made from them. */
  subjects: string[];
  /** Absolute paths of the SBOMs and the SARIF; every one lies under rootDirectory. */
  files: string[];
  rootDirectory: string;
  env: Env;
}

/**
 * `sbom-<repository>`: names are unique within a workflow run (actions/upload-artifact#478),
 * and a re-run gets its own suffix.
 */
export function reportsArtifactName(subjects: string[], runAttempt: string | undefined): string {
  const repository = [...new Set(subjects)]
    .map((s) => s.replace(/^\.?\/+/, '').replace(/\/+$/, ''))
    .filter(Boolean)
    .join('-');
  // The service forbids " : < > | * ? \r \n \\ / in names (path-and-artifact-name-validation.ts).
  const slug =
    repository
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'scan';
  return `sbom-${slug}${attemptSuffix(runAttempt)}`;
}

/** The SBOMs and the SARIF of a scan, as one workflow artifact. */
export function uploadReportsArtifact(
  options: ReportsArtifactOptions,
  client?: ArtifactUploader,
): Promise<WorkflowArtifact> {
  return uploadWorkflowArtifact(
    {
      name: reportsArtifactName(options.subjects, options.env.GITHUB_RUN_ATTEMPT),
      files: options.files,
      rootDirectory: options.rootDirectory,
      env: options.env,
    },
    client,
  );
}
