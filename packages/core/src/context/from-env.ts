import type { Context, PullRequest, Release, Repository } from './context.ts';

export type Env = Record<string, string | undefined>;
type Json = Record<string, unknown>;

export interface ContextOptions {
  /** Use the commit time, not the wall clock, when SOURCE_DATE_EPOCH is not set. */
  dateFromCommit?: boolean;
  /** The clock, for tests. */
  now?: Date;
}

/**
 * Builds the Context from the runner's GITHUB_* variables and the event payload. Pure: the
 * caller reads the payload file (it is missing in some container jobs) and passes `{}`.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables
 */
export function contextFromEnv(env: Env, payload: Json, options: ContextOptions = {}): Context {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const pullRequest = readPullRequest(payload, env);
  const release = readRelease(payload);
  const ref = readRef(env, payload, eventName, pullRequest);
  const commitDate = readCommitDate(payload);
  const now = options.now ?? new Date();
  return {
    eventName,
    ref,
    sha: env.GITHUB_SHA ?? str(payload.after) ?? '',
    baseRef: stripHeads(str(payload.base_ref) ?? ''),
    repository: readRepository(env, payload),
    ...(pullRequest && { pullRequest }),
    ...(release && { release }),
    ...(commitDate && { commitDate }),
    date: sourceDate(env) ?? (options.dateFromCommit && commitDate ? commitDate : now),
    inputs: readInputs(payload),
    runId: env.GITHUB_RUN_ID ?? '',
    runNumber: env.GITHUB_RUN_NUMBER ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
    actor: env.GITHUB_ACTOR ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runnerTemp: env.RUNNER_TEMP ?? '',
    payload,
  };
}

/** True when the payload lacks repository facts that only the API can then supply. */
export function needsRepositoryLookup(context: Context): boolean {
  return context.repository.defaultBranch === '';
}

/** Fills what the API told us into the fields the payload left empty. */
export function withRepositoryFacts(context: Context, facts: Partial<Repository>): Context {
  const repository = { ...context.repository };
  for (const [key, value] of Object.entries(facts) as [keyof Repository, never][]) {
    const current = repository[key];
    const empty = Array.isArray(current) ? current.length === 0 : current === '';
    if (empty && value !== undefined && value !== null) repository[key] = value;
  }
  return { ...context, repository };
}

/** Maps a GitHub REST `GET /repos/{owner}/{repo}` body onto our Repository fields. */
export function repositoryFromApi(body: Json): Partial<Repository> {
  return pickRepository(body);
}

function readRepository(env: Env, payload: Json): Repository {
  const [envOwner = '', envName = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const fromPayload = pickRepository(obj(payload.repository));
  const owner = fromPayload.owner || env.GITHUB_REPOSITORY_OWNER || envOwner;
  const name = fromPayload.name || envName;
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    owner,
    name,
    fullName: fromPayload.fullName || `${owner}/${name}`,
    // GHCR links a package to its repository through the source label, so a job without a
    // payload (a container job) still names the repository, from what the runner always sets.
    htmlUrl: fromPayload.htmlUrl || (owner && name ? `${serverUrl}/${owner}/${name}` : ''),
    description: fromPayload.description ?? '',
    license: fromPayload.license ?? '',
    defaultBranch: fromPayload.defaultBranch ?? '',
    topics: fromPayload.topics ?? [],
  };
}

function pickRepository(
  repo: Json,
): Partial<Repository> & { owner: string; name: string; fullName: string; htmlUrl: string } {
  const license = str(obj(repo.license).spdx_id) ?? '';
  const out: Partial<Repository> & { owner: string; name: string; fullName: string; htmlUrl: string } = {
    owner: str(obj(repo.owner).login) ?? str(obj(repo.owner).name) ?? '',
    name: str(repo.name) ?? '',
    fullName: str(repo.full_name) ?? '',
    htmlUrl: str(repo.html_url) ?? '',
  };
  if (typeof repo.description === 'string') out.description = repo.description;
  if ('license' in repo) out.license = license === 'NOASSERTION' ? '' : license;
  if (typeof repo.default_branch === 'string') out.defaultBranch = repo.default_branch;
  if (Array.isArray(repo.topics)) out.topics = repo.topics.filter((t): t is string => typeof t === 'string');
  return out;
}

function readPullRequest(payload: Json, env: Env): PullRequest | undefined {
  const pr = obj(payload.pull_request);
  const number =
    typeof pr.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined;
  if (number === undefined) return undefined;
  return {
    number,
    headRef: str(obj(pr.head).ref) ?? env.GITHUB_HEAD_REF ?? '',
    headSha: str(obj(pr.head).sha) ?? '',
    baseRef: str(obj(pr.base).ref) ?? env.GITHUB_BASE_REF ?? '',
  };
}

function readRelease(payload: Json): Release | undefined {
  const release = obj(payload.release);
  const tagName = str(release.tag_name);
  if (!tagName) return undefined;
  return { tagName, prerelease: release.prerelease === true, draft: release.draft === true };
}

function readRef(env: Env, payload: Json, eventName: string, pr: PullRequest | undefined): string {
  const ref = env.GITHUB_REF ?? str(payload.ref) ?? '';
  if (ref) return ref;
  // Container jobs without the payload still have the pull request number in GITHUB_REF;
  // without either we fall back to what the event implies.
  if (pr && eventName.startsWith('pull_request')) return `refs/pull/${pr.number}/merge`;
  return '';
}

function readCommitDate(payload: Json): Date | undefined {
  const head = obj(payload.head_commit);
  const stamp = str(head.timestamp) ?? str(obj(head.committer).date);
  if (!stamp) return undefined;
  const date = new Date(stamp);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** https://reproducible-builds.org/docs/source-date-epoch/ */
function sourceDate(env: Env): Date | undefined {
  const raw = env.SOURCE_DATE_EPOCH?.trim();
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  return new Date(Number(raw) * 1000);
}

function readInputs(payload: Json): Record<string, string> {
  const source = { ...obj(payload.client_payload), ...obj(payload.inputs) };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === null || value === undefined) continue;
    out[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function stripHeads(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
