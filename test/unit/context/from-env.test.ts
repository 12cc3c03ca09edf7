import { describe, expect, test } from 'vitest';
import { contextFromEnv } from '../../../packages/core/src/context/index.ts';

const env = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
  GITHUB_REPOSITORY: 'Acme/Widget',
  GITHUB_REPOSITORY_OWNER: 'Acme',
  GITHUB_RUN_ID: '42',
};
const repository = {
  name: 'Widget',
  full_name: 'Acme/Widget',
  owner: { login: 'Acme' },
  html_url: 'https://github.com/Acme/Widget',
  description: 'A widget',
  license: { spdx_id: 'MIT' },
  default_branch: 'trunk',
  topics: ['containers'],
};

describe('contextFromEnv', () => {
  test('repository facts come from the payload when it has them', () => {
    const context = contextFromEnv(env, { repository });
    expect(context.repository).toEqual({
      owner: 'Acme',
      name: 'Widget',
      fullName: 'Acme/Widget',
      htmlUrl: 'https://github.com/Acme/Widget',
      description: 'A widget',
      license: 'MIT',
      defaultBranch: 'trunk',
      topics: ['containers'],
    });
  });

  test('a container job without GITHUB_EVENT_PATH still gets ref, sha and repository from the environment', () => {
    const context = contextFromEnv(env, {});
    expect(context.ref).toBe('refs/heads/main');
    expect(context.sha).toBe(env.GITHUB_SHA);
    expect(context.repository.owner).toBe('Acme');
    expect(context.repository.name).toBe('Widget');
    expect(context.repository.defaultBranch).toBe('');
  });

  test('NOASSERTION is not a license', () => {
    expect(
      contextFromEnv(env, { repository: { ...repository, license: { spdx_id: 'NOASSERTION' } } }).repository.license,
    ).toBe('');
  });

  test('SOURCE_DATE_EPOCH fixes the date, so rebuilds produce the same labels', () => {
    const context = contextFromEnv(
      { ...env, SOURCE_DATE_EPOCH: '1719585022' },
      {},
      { now: new Date('2030-01-01T00:00:00Z') },
    );
    expect(context.date.toISOString()).toBe('2024-06-28T14:30:22.000Z');
  });

  test('the commit time is used for the date only when asked', () => {
    const payload = { head_commit: { timestamp: '2024-06-28T16:30:22+02:00' } };
    const now = new Date('2030-01-01T00:00:00Z');
    expect(contextFromEnv(env, payload, { now }).date).toEqual(now);
    expect(contextFromEnv(env, payload, { now, dateFromCommit: true }).date.toISOString()).toBe(
      '2024-06-28T14:30:22.000Z',
    );
  });

  test('a pull request carries number, head and base branches', () => {
    const context = contextFromEnv(
      { ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/17/merge' },
      {
        number: 17,
        pull_request: { number: 17, head: { ref: 'feat/login', sha: 'f'.repeat(40) }, base: { ref: 'main' } },
      },
    );
    expect(context.pullRequest).toEqual({
      number: 17,
      headRef: 'feat/login',
      headSha: 'f'.repeat(40),
      baseRef: 'main',
    });
  });

  test('a prerelease release is marked so', () => {
    const context = contextFromEnv(
      { ...env, GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v2.0.0-rc.1' },
      { release: { tag_name: 'v2.0.0-rc.1', prerelease: true } },
    );
    expect(context.release).toEqual({ tagName: 'v2.0.0-rc.1', prerelease: true, draft: false });
  });

  test('workflow_dispatch inputs and repository_dispatch client_payload become string inputs', () => {
    expect(contextFromEnv(env, { inputs: { tag: 'hotfix', push: true } }).inputs).toEqual({
      tag: 'hotfix',
      push: 'true',
    });
    expect(contextFromEnv(env, { client_payload: { version: '1.2.3', nested: { a: 1 } } }).inputs).toEqual({
      version: '1.2.3',
      nested: '{"a":1}',
    });
  });

  test('a tag pushed from a branch keeps that branch as baseRef', () => {
    expect(contextFromEnv({ ...env, GITHUB_REF: 'refs/tags/v1.0.0' }, { base_ref: 'refs/heads/main' }).baseRef).toBe(
      'main',
    );
  });

  test('the run facts a step needs come from the runner: run id and attempt, actor, job, URLs, temp dir', () => {
    const runner = {
      ...env,
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_ACTOR: 'octocat',
      GITHUB_JOB: 'publish',
      GITHUB_API_URL: 'https://acme.ghe.com/api/v3',
      GITHUB_SERVER_URL: 'https://acme.ghe.com',
      RUNNER_TEMP: '/home/runner/work/_temp',
    };
    const context = contextFromEnv(runner, {});
    expect([context.runId, context.runAttempt, context.actor, context.job]).toEqual(['42', '2', 'octocat', 'publish']);
    expect([context.apiUrl, context.serverUrl, context.runnerTemp]).toEqual([
      'https://acme.ghe.com/api/v3',
      'https://acme.ghe.com',
      '/home/runner/work/_temp',
    ]);
  });

  test('outside a runner the URLs are github.com and the job and temp dir are empty', () => {
    const context = contextFromEnv({}, {});
    expect([context.apiUrl, context.serverUrl]).toEqual(['https://api.github.com', 'https://github.com']);
    expect([context.job, context.runnerTemp, context.runAttempt]).toEqual(['', '', '']);
  });
});
