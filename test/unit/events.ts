import { readFileSync } from 'node:fs';
import { contextFromEnv, type Context, type ContextOptions, type Env } from '../../packages/core/src/context/index.ts';

/** The commit every fixture runs on, and the fixed clock the tests read dates from. */
export const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37';
export const PR_HEAD_SHA = 'b1b6f3c5e0a7d2f4c8e9a1b2c3d4e5f6a7b8c9d0';
export const NOW = new Date('2024-06-28T14:30:22Z');

export type EventFixture =
  | 'push-branch'
  | 'push-tag'
  | 'pull-request'
  | 'pull-request-target'
  | 'schedule'
  | 'release'
  | 'release-prerelease'
  | 'workflow-dispatch'
  | 'merge-group'
  | 'create'
  | 'repository-dispatch';

// What the runner sets beside each payload. GITHUB_REF follows GitHub's table:
// https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
const RUNNER_ENV: Record<EventFixture, Env> = {
  'push-branch': { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' },
  'push-tag': { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v1.2.3' },
  'pull-request': {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF: 'refs/pull/15/merge',
    GITHUB_HEAD_REF: 'feat/new-feature',
    GITHUB_BASE_REF: 'main',
  },
  // pull_request_target runs in the context of the base branch.
  'pull-request-target': {
    GITHUB_EVENT_NAME: 'pull_request_target',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_HEAD_REF: 'feat/new-feature',
    GITHUB_BASE_REF: 'main',
  },
  schedule: { GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main' },
  release: { GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v1.2.3' },
  'release-prerelease': { GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v3.0.0' },
  'workflow-dispatch': { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main' },
  'merge-group': {
    GITHUB_EVENT_NAME: 'merge_group',
    GITHUB_REF: 'refs/heads/gh-readonly-queue/main/pr-15-f7ac9e1b2d3c4a5b6c7d8e9f0a1b2c3d4e5f6a7b',
  },
  create: { GITHUB_EVENT_NAME: 'create', GITHUB_REF: 'refs/heads/release/1.x' },
  'repository-dispatch': { GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_REF: 'refs/heads/main' },
};

export function eventPayload(name: EventFixture): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** A Context as the runner would give it for this fixture; `env` overrides (e.g. another GITHUB_REF). */
export function eventContext(name: EventFixture, env: Env = {}, options: ContextOptions = {}): Context {
  const base: Env = {
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_SHA: SHA,
    GITHUB_RUN_ID: '9718765432',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'build',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
  };
  return contextFromEnv({ ...base, ...RUNNER_ENV[name], ...env }, eventPayload(name), { now: NOW, ...options });
}
