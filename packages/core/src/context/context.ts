/** One normalized view of the workflow run that every action and the CLI share. */
export interface Repository {
  owner: string;
  name: string;
  /** `owner/name` as GitHub spells it (case kept). */
  fullName: string;
  htmlUrl: string;
  description: string;
  /** SPDX id of the license, or '' when unknown or NOASSERTION. */
  license: string;
  defaultBranch: string;
  topics: string[];
}

export interface PullRequest {
  number: number;
  headRef: string;
  headSha: string;
  baseRef: string;
}

export interface Release {
  tagName: string;
  prerelease: boolean;
  draft: boolean;
}

export interface Context {
  eventName: string;
  /** Full ref, e.g. `refs/heads/main`, `refs/tags/v1.2.3`, `refs/pull/12/merge`. */
  ref: string;
  /** The commit the workflow runs on (for pull requests, the merge commit). */
  sha: string;
  /** Branch a tag was pushed from (`payload.base_ref`), short form; '' when unknown. */
  baseRef: string;
  repository: Repository;
  pullRequest?: PullRequest;
  release?: Release;
  /** Commit time of the head commit when the payload or git gives one. */
  commitDate?: Date;
  /** The time the metadata stands for: SOURCE_DATE_EPOCH when set, else now (or the commit date, by option). */
  date: Date;
  /** workflow_dispatch inputs, repository_dispatch client_payload strings. */
  inputs: Record<string, string>;
  runId: string;
  runNumber: string;
  runAttempt: string;
  actor: string;
  workflow: string;
  /** The job's id in the workflow (GITHUB_JOB); '' outside a runner. */
  job: string;
  serverUrl: string;
  apiUrl: string;
  /** The runner's temporary directory (RUNNER_TEMP), emptied after each job; '' when unset. */
  runnerTemp: string;
  /** The raw event payload, for the rare fact the model above does not carry. */
  payload: Record<string, unknown>;
}
