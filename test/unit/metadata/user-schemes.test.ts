import { describe, expect, test } from 'vitest';
import { computeMetadata } from '../../../packages/core/src/metadata/index.ts';
import { PUBLISH_FLAVOR, PUBLISH_TAG_RULES } from '../../../packages/core/src/publish/index.ts';
import { contextFor } from './context-for.ts';

// The tag schemes our users' write-ups describe, each as a workflow would configure it.
const sha = '860c1904a1ce19322e91ac35af1ab07466440c37';
const tagsOf = (tags: string, context: ReturnType<typeof contextFor>, flavor = '') =>
  computeMetadata({ images: 'ghcr.io/acme/widget', tags, flavor, labels: '', annotations: '' }, context).tagNames;

describe('the publish default scheme', () => {
  test.each([
    [
      'a push to the default branch gets latest, the branch, sha and branch-sha',
      contextFor('push', 'refs/heads/main'),
      ['latest', 'main', 'sha-860c190', 'main-860c190'],
    ],
    [
      'a feature branch gets a valid tag from its slashed name, never latest',
      contextFor('push', 'refs/heads/feat/new-feature'),
      ['feat-new-feature', 'sha-860c190', 'feat-new-feature-860c190'],
    ],
    [
      'a pull request gets pr-N and the sha',
      contextFor('pull_request', 'refs/pull/123/merge', {
        number: 123,
        pull_request: { number: 123, head: { ref: 'feat/x', sha: 'b'.repeat(40) }, base: { ref: 'main' } },
      }),
      ['pr-123', 'sha-860c190'],
    ],
    [
      'a release tag gets 1.2.3, 1.2 and 1, and latest does not move',
      contextFor('push', 'refs/tags/v1.2.3'),
      ['1.2.3', '1.2', '1', 'sha-860c190'],
    ],
    [
      'a prerelease tag gets only its full version',
      contextFor('push', 'refs/tags/v2.0.0-rc.1'),
      ['2.0.0-rc.1', 'sha-860c190'],
    ],
  ])('%s', (_name, context, expected) => {
    expect(new Set(tagsOf(PUBLISH_TAG_RULES, context, PUBLISH_FLAVOR))).toEqual(new Set(expected));
  });
});

describe('schemes our users configure themselves', () => {
  const branch = contextFor('push', 'refs/heads/main');
  test('v-prefixed and bare versions side by side', () => {
    expect(
      tagsOf(
        'type=semver,pattern=v{{version}}\ntype=semver,pattern={{version}}',
        contextFor('push', 'refs/tags/v1.2.3'),
        'latest=false',
      ),
    ).toEqual(['v1.2.3', '1.2.3']);
  });
  test('short sha without prefix', () => {
    expect(tagsOf('type=sha,prefix=', branch)).toEqual(['860c190']);
  });
  test('long sha-<40 hex>', () => {
    expect(tagsOf('type=sha,format=long', branch)).toEqual([`sha-${sha}`]);
  });
  test('{branch}-{sha}', () => {
    expect(tagsOf('type=raw,value={{branch}}-{{sha}}', branch)).toEqual(['main-860c190']);
  });
  test('date tags from SOURCE_DATE_EPOCH (2024-06-28 14:30:22 UTC)', () => {
    expect(tagsOf("type=raw,value={{date 'YYYYMMDD'}}\ntype=raw,value={{date 'YYYYMMDD-HHmmss'}}", branch)).toEqual([
      '20240628',
      '20240628-143022',
    ]);
  });
  test('a manual tag from a workflow_dispatch input', () => {
    const dispatch = contextFor('workflow_dispatch', 'refs/heads/main', { inputs: { tag: 'hotfix-1' } });
    // In a workflow this is `value=${{ inputs.tag }}`; the runner substitutes it before we run.
    expect(tagsOf(`type=raw,value=${dispatch.inputs.tag},enable=${dispatch.inputs.tag !== ''}`, dispatch)).toEqual([
      'hotfix-1',
    ]);
  });
  test('latest only on the default branch', () => {
    const rules = 'type=raw,value=latest,enable={{is_default_branch}}';
    expect(tagsOf(rules, branch)).toEqual(['latest']);
    expect(tagsOf(rules, contextFor('push', 'refs/heads/develop'))).toEqual([]);
  });

  describe("ghcommon's release-docker rules, verbatim from their metadata-action config", () => {
    const rules = [
      'type=ref,event=branch',
      'type=ref,event=pr',
      'type=semver,pattern={{version}}',
      'type=semver,pattern={{major}}.{{minor}}',
      'type=semver,pattern={{major}}',
      'type=sha',
      'type=sha,prefix={{branch}}-',
    ].join('\n');
    const pr = contextFor('pull_request', 'refs/pull/7/merge', {
      number: 7,
      pull_request: { number: 7, head: { ref: 'fix', sha: 'b'.repeat(40) }, base: { ref: 'main' } },
    });
    test.each([
      ['a branch push gets the branch, sha and branch-sha', branch, ['main', 'sha-860c190', 'main-860c190']],
      [
        'a tag push gets the versions and sha-, never a bare sha',
        contextFor('push', 'refs/tags/v1.2.3'),
        ['1.2.3', '1.2', '1', 'sha-860c190', 'latest'],
      ],
      ['a pull request gets pr-N and sha-, never a bare sha', pr, ['pr-7', 'sha-860c190']],
    ])('%s', (_name, context, expected) => {
      expect(tagsOf(rules, context)).toEqual(expected);
    });
  });
});
