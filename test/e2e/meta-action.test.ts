import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { NODE24, runAction } from '../harness/run-action.ts';

const repository = { name: 'Widget', full_name: 'Acme/Widget', owner: { login: 'Acme' }, html_url: 'https://github.com/Acme/Widget', description: 'A widget', license: { spdx_id: 'MIT' }, default_branch: 'main' };
const tagPushEnv = { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37', GITHUB_REPOSITORY: 'Acme/Widget', SOURCE_DATE_EPOCH: '1719585022' };
const semverRules = 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=sha';

beforeAll(() => {
  expect(execFileSync(NODE24, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
});

describe('dist/meta/index.js under Node 24, run like the runner runs it', () => {
  test('a tag push writes docker/metadata-action outputs, the env export and a summary', () => {
    const run = runAction('meta', { images: 'ghcr.io/Acme/Widget', tags: semverRules, 'sep-tags': '\n', context: 'workflow', 'bake-target': 'docker-metadata-action', summary: 'true' }, tagPushEnv, { payload: { ref: 'refs/tags/v1.2.3', repository } });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.version).toBe('1.2.3');
    expect(run.outputs.tags!.split('\n')).toEqual(['ghcr.io/acme/widget:1.2.3', 'ghcr.io/acme/widget:1.2', 'ghcr.io/acme/widget:sha-860c190', 'ghcr.io/acme/widget:latest']);
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
    expect(JSON.parse(readFileSync(run.outputs['bake-file-tags']!, 'utf8')).target['docker-metadata-action'].tags).toHaveLength(4);
    expect(run.summary).toContain('| `ghcr.io/acme/widget:1.2` | `type=semver,pattern={{major}}.{{minor}}` |');
  });

  test('DOCKER_METADATA_SET_OUTPUT_ENV=false leaves the environment alone', () => {
    const run = runAction('meta', { images: 'ghcr.io/acme/widget', tags: semverRules }, { ...tagPushEnv, DOCKER_METADATA_SET_OUTPUT_ENV: 'false' }, { payload: { repository } });
    expect(run.status).toBe(0);
    expect(run.env).toEqual({});
  });

  test('a container job without an event payload still tags, warning that repository facts are missing', () => {
    const run = runAction('meta', { images: 'ghcr.io/acme/widget', tags: semverRules, 'github-token': '' }, { ...tagPushEnv, GITHUB_API_URL: 'http://127.0.0.1:9' });
    expect(run.status, run.stdout).toBe(0);
    expect(run.outputs.version).toBe('1.2.3');
    expect(run.stdout).toMatch(/::warning::could not read repository facts/);
  });

  test('a bad tag rule fails the step with one error naming the input line, and writes no tags', () => {
    const run = runAction('meta', { images: 'ghcr.io/acme/widget', tags: 'type=semver,pattern={{version}}\ntype=nope,value=x' }, tagPushEnv, { payload: { repository } });
    expect(run.status).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('input "tags"');
    expect(errors[0]).toContain('type=nope,value=x');
    expect(run.outputs.tags).toBeUndefined();
  });

  test('the github-token never reaches the log', () => {
    const run = runAction('meta', { images: 'ghcr.io/acme/widget', 'github-token': 'ghs_secretvalue123' }, { ...tagPushEnv, GITHUB_API_URL: 'http://127.0.0.1:9' });
    expect(run.stdout).toContain('::add-mask::ghs_secretvalue123');
    expect(run.stdout.replace('::add-mask::ghs_secretvalue123', '')).not.toContain('ghs_secretvalue123');
  });
});
