// One function, not the whole package: semver's index pulls in ranges and comparators (28 KB of the meta bundle).
import parseSemver from 'semver/functions/parse.js';
import { withPullRequestHeadSha } from '../context/pr-head-sha.ts';
import { ExpressionError } from './expression-error.ts';
import type { Context, TagOptions } from './types.ts';

const DEFAULT_SHORT_SHA_LENGTH = 7;

// Events that GitHub always runs on the default branch's last commit, so upstream counts
// them as "on the default branch" whatever the ref says.
// https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
const DEFAULT_BRANCH_EVENTS = /create|discussion|issues|schedule/;

/**
 * The ref the tag rules read. pull_request_target runs with the base branch in GITHUB_REF,
 * but upstream tags it as the pull request (`refs/pull/<n>/merge`).
 */
export function effectiveRef(context: Context): string {
  if (context.eventName === 'pull_request_target' && context.pullRequest)
    return `refs/pull/${context.pullRequest.number}/merge`;
  return context.ref;
}

export function branchName(context: Context): string | undefined {
  const ref = effectiveRef(context);
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

export function tagName(context: Context): string | undefined {
  const ref = effectiveRef(context);
  return ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
}

/** `12` from `refs/pull/12/merge` (or `/head`). */
export function pullRequestId(context: Context): string | undefined {
  const ref = effectiveRef(context);
  return ref.startsWith('refs/pull/') ? ref.slice('refs/pull/'.length).replace(/\/merge$/, '') : undefined;
}

/** The commit to tag: the merge commit, or with DOCKER_METADATA_PR_HEAD_SHA the PR's head commit. */
export function commitSha(context: Context, options: TagOptions): string {
  return options.prHeadSha ? withPullRequestHeadSha(context).sha : context.sha;
}

export function shortSha(sha: string, options: TagOptions): string {
  const length = options.shortShaLength ?? DEFAULT_SHORT_SHA_LENGTH;
  if (!Number.isInteger(length) || length < 1) {
    throw new ExpressionError(
      `DOCKER_METADATA_SHORT_SHA_LENGTH must be a positive whole number, not ${String(length)}`,
      'Set it to e.g. 7 or 12, or unset it.',
    );
  }
  return length >= sha.length ? sha : sha.slice(0, length);
}

/** Upstream's rule, including its quirk that a tag ref is never the default branch. */
export function isDefaultBranch(context: Context): boolean {
  const branch = effectiveRef(context).replace(/^refs\/heads\//, '');
  if (branch === '') return false;
  if (context.repository.defaultBranch !== '' && context.repository.defaultBranch === branch) return true;
  return DEFAULT_BRANCH_EVENTS.test(context.eventName);
}

/** Branch a pushed tag came from, or a pull request's base branch (upstream's {{base_ref}}). */
export function baseRef(context: Context): string {
  const ref = effectiveRef(context);
  if (ref.startsWith('refs/tags/')) return context.baseRef;
  if (ref.startsWith('refs/pull/')) return context.pullRequest?.baseRef ?? '';
  return '';
}

/** The semver prerelease part of the current tag (`rc.1` of `v2.0.0-rc.1`), '' when none. */
export function tagPrerelease(context: Context): string {
  const tag = tagName(context);
  if (tag === undefined) return '';
  const parsed = parseSemver(tag.replace(/\//g, '-'), { loose: true });
  return parsed ? parsed.prerelease.join('.') : '';
}

/** A semver prerelease tag, or a GitHub release marked as prerelease. */
export function isPrerelease(context: Context): boolean {
  return tagPrerelease(context) !== '' || isPrereleaseRelease(context);
}

export function isPrereleaseRelease(context: Context): boolean {
  return context.eventName === 'release' && context.release?.prerelease === true;
}
