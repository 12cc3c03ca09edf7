import { gzipSync } from 'node:zlib';
import type { SarifLog } from './sarif.ts';

export interface SarifUploadRequest {
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  commitSha: string;
  ref: string;
  sarif: SarifLog;
  checkoutUri?: string;
  startedAt: Date;
  toolName: string;
}

export interface SarifUploadResult {
  id: string;
  /** `complete`, `failed`, or `pending` when polling gave up (a warning, not a failure). */
  status: 'complete' | 'failed' | 'pending';
  errors: string[];
}

export interface UploadDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  /** Waits between status polls; GitHub processes most uploads within a minute or two. */
  pollDelaysMs: readonly number[];
}

/** ≈ 5, 15, 35, 75, 155 s: doubling plus five, about five minutes in all. */
export const POLL_DELAYS_MS = [5_000, 15_000, 35_000, 75_000, 155_000];

/**
 * Uploads through the REST API (no third-party action) and polls the processing status.
 * https://docs.github.com/en/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data
 * https://docs.github.com/en/rest/code-scanning/code-scanning#get-information-about-a-sarif-upload
 */
export async function uploadSarif(request: SarifUploadRequest, deps: UploadDeps): Promise<SarifUploadResult> {
  const base = request.apiUrl.replace(/\/+$/, '');
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${request.token}`,
    'x-github-api-version': '2022-11-28',
    'content-type': 'application/json',
  };
  const body = {
    commit_sha: request.commitSha,
    ref: request.ref,
    sarif: gzipSync(JSON.stringify(request.sarif)).toString('base64'),
    ...(request.checkoutUri && { checkout_uri: request.checkoutUri }),
    started_at: request.startedAt.toISOString(),
    tool_name: request.toolName,
  };
  const response = await deps.fetch(`${base}/repos/${request.repository}/code-scanning/sarifs`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as { id?: string; url?: string; message?: string };
  if (response.status !== 202 && response.status !== 200)
    throw new Error(uploadFailure(response.status, answer.message ?? '', request.repository));
  const id = answer.id ?? '';
  const statusUrl = answer.url ?? `${base}/repos/${request.repository}/code-scanning/sarifs/${id}`;
  for (const delay of deps.pollDelaysMs) {
    await deps.sleep(delay);
    const poll = await deps.fetch(statusUrl, { headers });
    const status = (await poll.json().catch(() => ({}))) as {
      processing_status?: string;
      errors?: string[] | null;
      message?: string;
    };
    if (!poll.ok) throw new Error(uploadFailure(poll.status, status.message ?? '', request.repository));
    if (status.processing_status === 'complete') return { id, status: 'complete', errors: [] };
    if (status.processing_status === 'failed') return { id, status: 'failed', errors: status.errors ?? [] };
  }
  return { id, status: 'pending', errors: [] };
}

/** Names the cause of a rejected upload, so the fix is obvious from the one line. */
export function uploadFailure(status: number, message: string, repository: string): string {
  const said = message ? ` (GitHub: ${message})` : '';
  if (status === 403) {
    return [
      `SARIF upload to ${repository} refused (403)${said}: the token cannot write code scanning alerts.`,
      'Give the job `permissions: security-events: write`; a fork pull request or Dependabot run only has',
      'a read-only token, and code scanning may be off or need GitHub Advanced Security for a private repository.',
    ].join(' ');
  }
  if (status === 404)
    return (
      `SARIF upload to ${repository} failed (404)${said}: ` +
      'the repository is not visible to this token, or code scanning is not enabled for it.'
    );
  if (status === 413)
    return (
      `SARIF upload to ${repository} failed (413)${said}: the SARIF is too large for GitHub; ` +
      'lower the number of targets or use severity and limit-severities-for-sarif.'
    );
  return `SARIF upload to ${repository} failed (${status})${said}.`;
}

/**
 * Why an upload would be refused before trying: a fork's pull request and Dependabot get a
 * read-only token. The scan still runs and gates; the SARIF stays a workflow artifact.
 * https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token
 */
export function readOnlyTokenReason(event: {
  eventName: string;
  actor: string;
  payload: Record<string, unknown>;
}): string | undefined {
  if (event.actor === 'dependabot[bot]') return 'Dependabot runs get a read-only token';
  if (
    event.eventName === 'pull_request' ||
    event.eventName === 'pull_request_review' ||
    event.eventName === 'pull_request_review_comment'
  ) {
    const pr = event.payload.pull_request as
      { head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } } | undefined;
    const head = pr?.head?.repo?.full_name;
    const base = pr?.base?.repo?.full_name;
    if (pr && (!head || head !== base))
      return `pull request from a fork (${head ?? 'deleted repository'}) gets a read-only token`;
  }
  return undefined;
}
