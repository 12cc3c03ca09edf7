import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startGitHubApi, type GitHubApi } from '../harness/github-api.ts';
import { NODE24, runAction, runActionAsync } from '../harness/run-action.ts';

const repository = {
  name: 'Widget',
  full_name: 'Acme/Widget',
  owner: { login: 'Acme' },
  html_url: 'https://github.com/Acme/Widget',
  description: 'A widget',
  license: { spdx_id: 'MIT' },
  default_branch: 'main',
};
const tagPushEnv = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/tags/v1.2.3',
  GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
  GITHUB_REPOSITORY: 'Acme/Widget',
  SOURCE_DATE_EPOCH: '1719585022',
};
const semverRules = 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=sha';

let api: GitHubApi | undefined;
beforeAll(() => {
  expect(execFileSync(NODE24, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
});
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

describe('dist/meta/index.js under Node 24, run like the runner runs it', () => {
  test('a tag push writes docker/metadata-action outputs, the env export and a summary', () => {
    const run = runAction(
      'meta',
      {
        images: 'ghcr.io/Acme/Widget',
        tags: semverRules,
        'sep-tags': '\n',
        context: 'workflow',
        'bake-target': 'docker-metadata-action',
        summary: 'true',
      },
      tagPushEnv,
      { payload: { ref: 'refs/tags/v1.2.3', repository } },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.version).toBe('1.2.3');
    expect(run.outputs.tags!.split('\n')).toEqual([
      'ghcr.io/acme/widget:1.2.3',
      'ghcr.io/acme/widget:1.2',
      'ghcr.io/acme/widget:sha-860c190',
      'ghcr.io/acme/widget:latest',
    ]);
    expect(run.outputs['tag-names']!.split('\n')).toEqual(['1.2.3', '1.2', 'sha-860c190', 'latest']);
    expect(run.outputs['image-refs']).toBe('ghcr.io/acme/widget');
    expect(run.outputs.labels).toContain('org.opencontainers.image.version=1.2.3');
    expect(run.outputs.labels).toContain('org.opencontainers.image.created=2024-06-28T14:30:22.000Z');
    expect(run.outputs['build-args']).toContain('VERSION=1.2.3');
    expect(JSON.parse(run.outputs.json!).tags).toHaveLength(4);
    expect(JSON.parse(run.outputs.explain!).length).toBe(3);
    expect(run.env.DOCKER_METADATA_OUTPUT_VERSION).toBe('1.2.3');
    expect(run.env.DOCKER_METADATA_OUTPUT_TAGS).toBe(run.outputs.tags);
    expect(run.env.DOCKER_METADATA_OUTPUT_BAKE_FILE_TAGS).toBe(run.outputs['bake-file-tags']);
    for (const key of ['bake-file', 'bake-file-tags', 'bake-file-labels', 'bake-file-annotations']) {
      expect(existsSync(run.outputs[key]!), key).toBe(true);
    }
    expect(
      JSON.parse(readFileSync(run.outputs['bake-file-tags']!, 'utf8')).target['docker-metadata-action'].tags,
    ).toHaveLength(4);
    expect(run.summary).toContain('| `ghcr.io/acme/widget:1.2` | `type=semver,pattern={{major}}.{{minor}}` |');
  });

  test('DOCKER_METADATA_SET_OUTPUT_ENV=false leaves the environment alone', () => {
    const run = runAction(
      'meta',
      { images: 'ghcr.io/acme/widget', tags: semverRules },
      { ...tagPushEnv, DOCKER_METADATA_SET_OUTPUT_ENV: 'false' },
      { payload: { repository } },
    );
    expect(run.status).toBe(0);
    expect(run.env).toEqual({});
  });

  test('a container job without an event payload still tags and names the repository, warning the API failed', () => {
    const run = runAction(
      'meta',
      { images: 'ghcr.io/acme/widget', tags: semverRules, 'github-token': '' },
      { ...tagPushEnv, GITHUB_API_URL: 'http://127.0.0.1:9' },
    );
    expect(run.status, run.stdout).toBe(0);
    expect(run.outputs.version).toBe('1.2.3');
    expect(run.stdout).toMatch(/::warning::could not read repository facts/);
    // GHCR links the package to the repository through the source label.
    expect(run.outputs.labels).toContain('org.opencontainers.image.source=https://github.com/Acme/Widget');
    expect(run.outputs.labels).toContain('org.opencontainers.image.url=https://github.com/Acme/Widget');
  });

  test('a container job without an event payload asks the API (with the token) for description, license', async () => {
    api = await startGitHubApi({ tokens: ['ghs_apitoken1'], repositories: { 'acme/widget': repository } });
    const env = { ...tagPushEnv, GITHUB_API_URL: api.url, GITHUB_SERVER_URL: 'https://ghe.example.com' };
    const run = await runActionAsync(
      'meta',
      { images: 'ghcr.io/acme/widget', tags: semverRules, 'github-token': 'ghs_apitoken1' },
      env,
    );
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('::warning::');
    expect(api.requests).toEqual([
      { method: 'GET', path: '/repos/Acme/Widget', authorization: 'Bearer ghs_apitoken1' },
    ]);
    const labels = JSON.parse(run.outputs.json!).labels;
    expect(labels['org.opencontainers.image.description']).toBe('A widget');
    expect(labels['org.opencontainers.image.licenses']).toBe('MIT');
    expect(labels['org.opencontainers.image.source']).toBe('https://ghe.example.com/Acme/Widget');
  });

  test('summary: maybe fails naming the input before any request, and writes nothing', async () => {
    api = await startGitHubApi({ tokens: ['ghs_apitoken1'], repositories: { 'acme/widget': repository } });
    const run = await runActionAsync(
      'meta',
      { images: 'ghcr.io/acme/widget', tags: semverRules, summary: 'maybe', 'github-token': 'ghs_apitoken1' },
      { ...tagPushEnv, GITHUB_API_URL: api.url },
    );
    expect(run.status).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([expect.stringContaining('input "summary": is not a boolean (value: "maybe")')]);
    expect(api.requests).toEqual([]);
    expect(run.outputs).toEqual({});
  });

  test('label lines without = are dropped with one warning each, and foo= is an empty label, as upstream', () => {
    const run = runAction(
      'meta',
      { images: 'ghcr.io/acme/widget', tags: semverRules, labels: 'invalid\nfoo=' },
      tagPushEnv,
      { payload: { repository } },
    );
    expect(run.status, run.stdout).toBe(0);
    const warnings = run.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
    expect(warnings).toEqual([expect.stringContaining('labels: "invalid" is not key=value and is ignored')]);
    expect(JSON.parse(run.outputs.json!).labels.foo).toBe('');
  });

  test("ghcommon's type=sha,prefix={{branch}}- on a tag push: no bare sha tag; explain and the summary say why", () => {
    const run = runAction(
      'meta',
      { images: 'ghcr.io/acme/widget', tags: 'type=semver,pattern={{version}}\ntype=sha,prefix={{branch}}-' },
      tagPushEnv,
      { payload: { repository } },
    );
    expect(run.status, run.stdout).toBe(0);
    expect(run.outputs['tag-names']!.split('\n')).toEqual(['1.2.3', 'latest']);
    const why = 'type=sha: {{branch}} in prefix={{branch}}- is empty here, so the tag would be "-860c190"';
    expect(JSON.parse(run.outputs.explain!)).toContainEqual({
      rule: 'type=sha,prefix={{branch}}-',
      tags: [],
      reason: why,
    });
    expect(run.summary).toContain(why);
  });

  test('a bad tag rule fails the step with one error naming the input line, and writes no tags', () => {
    const run = runAction(
      'meta',
      { images: 'ghcr.io/acme/widget', tags: 'type=semver,pattern={{version}}\ntype=nope,value=x' },
      tagPushEnv,
      { payload: { repository } },
    );
    expect(run.status).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('input "tags"');
    expect(errors[0]).toContain('type=nope,value=x');
    expect(run.outputs.tags).toBeUndefined();
  });

  test('the github-token never reaches the log', () => {
    const run = runAction(
      'meta',
      { images: 'ghcr.io/acme/widget', 'github-token': 'ghs_secretvalue123' },
      { ...tagPushEnv, GITHUB_API_URL: 'http://127.0.0.1:9' },
    );
    expect(run.stdout).toContain('::add-mask::ghs_secretvalue123');
    expect(run.stdout.replace('::add-mask::ghs_secretvalue123', '')).not.toContain('ghs_secretvalue123');
  });
});
