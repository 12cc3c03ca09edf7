import type { Context } from './context.ts';

/**
 * DOCKER_METADATA_PR_HEAD_SHA: a pull request's image stands for the head commit the author
 * pushed, not the merge commit GitHub made for the run. docker/metadata-action swaps the sha
 * for everything it writes (the `{{sha}}` tags and the revision label and annotation).
 */
export function withPullRequestHeadSha(context: Context): Context {
  const headSha = context.pullRequest?.headSha;
  if (!context.eventName.startsWith('pull_request') || !headSha) return context;
  return { ...context, sha: headSha };
}
