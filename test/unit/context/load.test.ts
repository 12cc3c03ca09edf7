import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { loadContext } from '../../../packages/core/src/context/index.ts';
import { startGitHubApi, type GitHubApi } from '../../harness/github-api.ts';

let api: GitHubApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

const baseEnv = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_REPOSITORY: 'acme/widget',
};
const apiRepo = {
  name: 'widget',
  full_name: 'acme/widget',
  owner: { login: 'acme' },
  html_url: 'https://github.com/acme/widget',
  description: 'From the API',
  license: { spdx_id: 'Apache-2.0' },
  default_branch: 'main',
};

function payloadFile(payload: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ctx-')), 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

test('the API is not asked when the payload has the repository facts', async () => {
  api = await startGitHubApi({ tokens: ['t0ken'], repositories: { 'acme/widget': apiRepo } });
  const path = payloadFile({ repository: { ...apiRepo, description: 'From the payload' } });
  const { context, warnings } = await loadContext(
    { ...baseEnv, GITHUB_EVENT_PATH: path, GITHUB_API_URL: api.url },
    { token: 't0ken' },
  );
  expect(context.repository.description).toBe('From the payload');
  expect(api.requests).toHaveLength(0);
  expect(warnings).toEqual([]);
});

test('without a payload (container job) the facts come from the API, with the token', async () => {
  api = await startGitHubApi({ tokens: ['t0ken'], repositories: { 'acme/widget': apiRepo } });
  const { context, warnings } = await loadContext({ ...baseEnv, GITHUB_API_URL: api.url }, { token: 't0ken' });
  expect(context.repository.description).toBe('From the API');
  expect(context.repository.defaultBranch).toBe('main');
  expect(context.repository.license).toBe('Apache-2.0');
  expect(api.requests).toEqual([{ method: 'GET', path: '/repos/acme/widget', authorization: 'Bearer t0ken' }]);
  expect(warnings).toEqual([]);
});

test('repositoryFacts: false (scan) never asks, even without a payload', async () => {
  api = await startGitHubApi({ tokens: ['t0ken'], repositories: { 'acme/widget': apiRepo } });
  const env = { ...baseEnv, GITHUB_API_URL: api.url };
  const { context, warnings } = await loadContext(env, { token: 't0ken', repositoryFacts: false });
  expect(context.repository.fullName).toBe('acme/widget');
  expect(context.repository.description).toBe('');
  expect(api.requests).toEqual([]);
  expect(warnings).toEqual([]);
});

test.each([
  ['a bad token (401)', { tokens: ['other'] }, /answered 401/],
  ['an outage (503)', { tokens: ['t0ken'], failWith: 503 }, /answered 503/],
  ['a spent rate limit (403)', { tokens: ['t0ken'], rateLimit: 0 }, /answered 403/],
])('%s degrades to a warning, never a failure', async (_name, options, message) => {
  api = await startGitHubApi({ ...options, repositories: { 'acme/widget': apiRepo } });
  const { context, warnings } = await loadContext({ ...baseEnv, GITHUB_API_URL: api.url }, { token: 't0ken' });
  expect(context.repository.name).toBe('widget');
  expect(context.repository.description).toBe('');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(message);
  expect(warnings[0]).not.toContain('t0ken');
});

test('a payload file that is not JSON is a warning, and the environment still gives the context', async () => {
  api = await startGitHubApi({ repositories: { 'acme/widget': apiRepo } });
  const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
  writeFileSync(join(dir, 'event.json'), '{not json');
  const { context, warnings } = await loadContext({
    ...baseEnv,
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_API_URL: api.url,
  });
  expect(context.ref).toBe('refs/heads/main');
  expect(warnings[0]).toMatch(/not valid JSON/);
});

test('without a payload, API down, source and url still name the repository (GHCR links by it)', async () => {
  api = await startGitHubApi({ tokens: ['t0ken'], failWith: 503 });
  const env = {
    ...baseEnv,
    GITHUB_REPOSITORY: 'Acme/Widget',
    GITHUB_SERVER_URL: 'https://ghe.example.com',
    GITHUB_API_URL: api.url,
  };
  const { context, warnings } = await loadContext(env, { token: 't0ken' });
  expect(context.repository.htmlUrl).toBe('https://ghe.example.com/Acme/Widget');
  expect(context.repository.description).toBe('');
  expect(warnings).toEqual([
    expect.stringMatching(
      /could not read repository facts for Acme\/Widget .*answered 503.*description and licenses labels stay empty/,
    ),
  ]);
});
