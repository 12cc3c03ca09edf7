import type { Context, Env } from '../context/index.ts';
import { buildxSatisfies } from './buildx-version.ts';

const DEFAULT_CONTEXT = /\{\{\s*defaultContext\s*\}\}/g;

/** What `context` is when the input is empty: the repository's own Git context, as upstream. */
export const DEFAULT_CONTEXT_TEMPLATE = '{{defaultContext}}';

/**
 * The Git context docker/build-push-action builds when `context` is empty: this repository at
 * the event's commit, so no checkout is needed. `#<ref>` by default; the `?ref=` query form
 * when BUILDX_SEND_GIT_QUERY_AS_INPUT is true and buildx is 0.29 or newer (older buildx sends
 * the query to BuildKit as part of the URL). A pull request's merge ref becomes its head ref,
 * pinned to the head commit, when DOCKER_DEFAULT_GIT_CONTEXT_PR_HEAD_REF is true.
 * https://docs.docker.com/build/concepts/context/#url-queries
 */
export function defaultGitContext(context: Context, env: Env, buildxVersion: string | null): string {
  let ref = context.ref.startsWith('refs/') ? context.ref : `refs/heads/${context.ref}`;
  const prHead = ref.startsWith('refs/pull/') && isTrue(env.DOCKER_DEFAULT_GIT_CONTEXT_PR_HEAD_REF);
  if (prHead) ref = ref.replace(/\/merge$/, '/head');
  const pinned = prHead ? context.pullRequest?.headSha || ref : context.sha || ref;
  const base = `${context.serverUrl}/${context.repository.fullName}.git`;
  const query = isTrue(env.BUILDX_SEND_GIT_QUERY_AS_INPUT) && buildxSatisfies(buildxVersion, '>=0.29.0');
  return query ? `${base}?ref=${pinned}` : `${base}#${pinned}`;
}

/** `{{defaultContext}}` replaced (in `context` and `build-contexts`), e.g. `{{defaultContext}}:docker`. */
export function renderDefaultContext(text: string, gitContext: string): string {
  return text.replace(DEFAULT_CONTEXT, gitContext);
}

/** True when the text names the default Git context, so resolving it needs the event's facts. */
export function usesDefaultContext(text: string): boolean {
  return new RegExp(DEFAULT_CONTEXT.source).test(text);
}

function isTrue(value: string | undefined): boolean {
  return /^(1|true)$/i.test(value ?? '');
}
