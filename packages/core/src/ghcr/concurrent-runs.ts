import type { GitHubOctokit } from './github-octokit.ts';

export type ConcurrentRun =
  { kind: 'none' } | { kind: 'older-run'; id: number; url: string } | { kind: 'unknown'; reason: string };

interface WorkflowRun {
  id: number;
  workflow_id: number;
  status: string | null;
  created_at: string;
  html_url: string;
}

/**
 * Whether an older run of this same workflow is still in progress. Two cleanups of one package
 * at a time would plan from the same listing and delete against each other's plan, so the
 * younger run refuses. GitHub's `concurrency:` is the real guard; this catches workflows that
 * forgot it. Reading runs needs `actions: read`; without it the answer is `unknown`.
 * https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow
 */
const WORKFLOW_RUNS = 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';

export async function olderRunInProgress(
  octokit: GitHubOctokit,
  repository: string,
  runId: string,
): Promise<ConcurrentRun> {
  const [owner, repo] = repository.split('/');
  if (!owner || !repo || !/^\d+$/.test(runId)) {
    return { kind: 'unknown', reason: 'GITHUB_REPOSITORY or GITHUB_RUN_ID is not set' };
  }
  try {
    const run = { owner, repo, run_id: Number(runId) };
    const { data: ours } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', run);
    const current = ours as WorkflowRun;
    const inProgress = { owner, repo, workflow_id: current.workflow_id, status: 'in_progress', per_page: 100 };
    const { data } = await octokit.request(WORKFLOW_RUNS, inProgress);
    const older = (data as { workflow_runs: WorkflowRun[] }).workflow_runs
      .filter((run) => run.id !== current.id && Date.parse(run.created_at) < Date.parse(current.created_at))
      .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))[0];
    return older ? { kind: 'older-run', id: older.id, url: older.html_url } : { kind: 'none' };
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint = status === 403 ? ' (the token needs actions: read)' : '';
    const answer = status ?? (error as Error).message;
    return { kind: 'unknown', reason: `listing this workflow's runs answered ${answer}${hint}` };
  }
}
