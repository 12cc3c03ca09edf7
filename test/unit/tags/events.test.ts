import { describe, expect, test } from 'vitest';
import type { Env } from '../../../packages/core/src/context/index.ts';
import type { TagOptions } from '../../../packages/core/src/tags/index.ts';
import { eventContext, type EventFixture } from '../events.ts';
import { tagValues } from './tag-results.ts';

const SEMVER = ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=semver,pattern={{major}}'].join('\n');
const RC_TAG: Env = { GITHUB_REF: 'refs/tags/v2.0.0-rc.1' };
const FEATURE: Env = { GITHUB_REF: 'refs/heads/feat/new-feature' };

describe('upstream classic cases, one row per event', () => {
  test.each<[string, EventFixture, string, string, Env, TagOptions, string[]]>([
    ['tag push v1.2.3 with semver version/major.minor/major gives 1.2.3, 1.2, 1, latest', 'push-tag', SEMVER, '', {}, {}, ['1.2.3', '1.2', '1', 'latest']],
    ['prerelease tag v2.0.0-rc.1 gives only its version, no major/minor and no latest', 'push-tag', SEMVER, '', RC_TAG, {}, ['2.0.0-rc.1']],
    ['prerelease tag keeps the raw tag when the pattern is exactly {{raw}}', 'push-tag', 'type=semver,pattern={{raw}}', '', RC_TAG, {}, ['v2.0.0-rc.1']],
    ['prerelease tag ignores a v-prefixed pattern and gives {{version}}', 'push-tag', 'type=semver,pattern=v{{major}}', '', RC_TAG, {}, ['2.0.0-rc.1']],
    ['semver {{raw}} on a release tag keeps the v', 'push-tag', 'type=semver,pattern={{raw}}', '', {}, {}, ['v1.2.3', 'latest']],
    ['semver pattern v{{major}} gives v1', 'push-tag', 'type=semver,pattern=v{{major}}', '', {}, {}, ['v1', 'latest']],
    ['semver build metadata is dropped from {{version}}', 'push-tag', 'type=semver,pattern={{version}}', '', { GITHUB_REF: 'refs/tags/v9.5.7-alpha.2+fork.3.1.8' }, {}, ['9.5.7-alpha.2']],
    ['a tag that is not semver gives no semver tag', 'push-tag', SEMVER, '', { GITHUB_REF: 'refs/tags/release1' }, {}, []],
    ['semver on a branch push gives nothing', 'push-branch', SEMVER, '', {}, {}, []],
    ['semver value= works on any event and counts for latest', 'push-branch', 'type=semver,pattern={{major}}.{{minor}},value=v4.5.6', '', {}, {}, ['4.5', 'latest']],
    ['empty tags input on a branch push gives the branch', 'push-branch', '', '', {}, {}, ['main']],
    ['empty tags input on a tag push gives the tag and latest', 'push-tag', '', '', {}, {}, ['v1.2.3', 'latest']],
    ['empty tags input on a pull request gives pr-<n>', 'pull-request', '', '', {}, {}, ['pr-15']],
    ['pull_request_target is tagged as its pull request, not the base branch', 'pull-request-target', '', '', {}, {}, ['pr-15']],
    ['empty tags input on schedule gives nightly, then the branch', 'schedule', '', '', {}, {}, ['nightly', 'main']],
    ['schedule with a date pattern', 'schedule', "type=schedule,pattern={{date 'YYYYMMDD'}}", '', {}, {}, ['20240628']],
    ['schedule rule gives nothing outside schedule events', 'push-branch', 'type=schedule', '', {}, {}, []],
    ['raw latest enabled by {{is_default_branch}} on the default branch', 'push-branch', 'type=raw,value=latest,enable={{is_default_branch}}', '', {}, {}, ['latest']],
    ['raw latest enabled by {{is_default_branch}} stays off on a feature branch', 'push-branch', 'type=raw,value=latest,enable={{is_default_branch}}', '', FEATURE, {}, []],
    ['{{is_not_default_branch}} enables on a feature branch', 'push-branch', 'type=raw,value=dev,enable={{is_not_default_branch}}', '', FEATURE, {}, ['dev']],
    ['sha long gives sha-<40 hex>', 'push-branch', 'type=sha,format=long', '', {}, {}, ['sha-860c1904a1ce19322e91ac35af1ab07466440c37']],
    ['sha short is 7 characters by default', 'push-branch', 'type=sha', '', {}, {}, ['sha-860c190']],
    ['sha short follows DOCKER_METADATA_SHORT_SHA_LENGTH', 'push-branch', 'type=sha', '', {}, { shortShaLength: 12 }, ['sha-860c1904a1ce']],
    ['sha with an empty prefix', 'push-branch', 'type=sha,prefix=', '', {}, {}, ['860c190']],
    ['sha on a pull request is the merge commit', 'pull-request', 'type=sha', '', {}, {}, ['sha-860c190']],
    ['sha on a pull request is the head commit with DOCKER_METADATA_PR_HEAD_SHA', 'pull-request', 'type=sha\ntype=raw,value=h-{{sha}}', '', {}, { prHeadSha: true }, ['h-b1b6f3c', 'sha-b1b6f3c']],
    ['DOCKER_METADATA_PR_HEAD_SHA does nothing outside pull requests', 'push-branch', 'type=sha', '', {}, { prHeadSha: true }, ['sha-860c190']],
    ['raw {{branch}}-{{sha}} gives main-abc1234', 'push-branch', 'type=raw,value={{branch}}-{{sha}}', '', {}, {}, ['main-860c190']],
    ["date tag {{date 'YYYYMMDD'}}", 'push-branch', "type=raw,value={{date 'YYYYMMDD'}}", '', {}, {}, ['20240628']],
    ["date tag {{date 'YYYYMMDD-HHmmss'}}", 'push-branch', "type=raw,value={{date 'YYYYMMDD-HHmmss'}}", '', {}, {}, ['20240628-143022']],
    ["date tag in another zone {{date 'YYYYMMDD-HH' tz='Asia/Tokyo'}}", 'push-branch', "type=raw,value={{date 'YYYYMMDD-HH' tz='Asia/Tokyo'}}", '', {}, {}, ['20240628-23']],
    ['commit_date reads the head commit time, in UTC by default', 'push-branch', "type=raw,value={{commit_date 'YYYYMMDD-HHmmss'}}", '', {}, {}, ['20240628-141205']],
    ['SOURCE_DATE_EPOCH fixes {{date}}', 'push-branch', "type=raw,value={{date 'YYYYMMDD-HHmmss'}}", '', { SOURCE_DATE_EPOCH: '1700000000' }, {}, ['20231114-221320']],
    ['edge on the default branch', 'push-branch', 'type=edge', '', {}, {}, ['edge']],
    ['edge with branch= another branch gives nothing on main', 'push-branch', 'type=edge,branch=develop', '', {}, {}, []],
    ['edge with branch= that matches', 'push-branch', 'type=edge,branch=feat/new-feature', '', FEATURE, {}, ['edge']],
    ['ref event=branch turns / into -', 'push-branch', 'type=ref,event=branch', '', FEATURE, {}, ['feat-new-feature']],
    ['ref event=tag gives nothing on a branch', 'push-branch', 'type=ref,event=tag', '', {}, {}, []],
    ['ref event=pr with a custom prefix and suffix', 'pull-request', 'type=ref,event=pr,prefix=pull-,suffix=-test', '', {}, {}, ['pull-15-test']],
    ['release event: semver reads the release tag', 'release', SEMVER, '', {}, {}, ['1.2.3', '1.2', '1', 'latest']],
    ['release marked prerelease: version tags but never latest under latest=auto', 'release-prerelease', SEMVER, '', {}, {}, ['3.0.0', '3.0', '3']],
    ['release marked prerelease still gets latest with latest=true', 'release-prerelease', 'type=semver,pattern={{version}}', 'latest=true', {}, {}, ['3.0.0', 'latest']],
    ['merge_group: the queue branch becomes a valid tag', 'merge-group', 'type=ref,event=branch', '', {}, {}, ['gh-readonly-queue-main-pr-15-f7ac9e1b2d3c4a5b6c7d8e9f0a1b2c3d4e5f6a7b']],
    ['create counts as the default branch, as upstream', 'create', 'type=raw,value=stable,enable={{is_default_branch}}', '', {}, {}, ['stable']],
    ['schedule counts as the default branch even off main, as upstream', 'schedule', 'type=raw,value=stable,enable={{is_default_branch}}', '', { GITHUB_REF: 'refs/heads/other' }, {}, ['stable']],
    ['a tag push is not the default branch, as upstream', 'push-tag', 'type=raw,value=stable,enable={{is_default_branch}}', '', {}, {}, []],
  ])('%s', (_name, fixture, tags, flavor, env, options, expected) => {
    expect(tagValues(fixture, tags, flavor, env, options)).toEqual(expected);
  });
});

describe('values GitHub substitutes before the action runs', () => {
  test('workflow_dispatch: a manual tag from ${{ inputs.tag }} as a raw value', () => {
    const context = eventContext('workflow-dispatch');
    // GitHub replaces `${{ inputs.tag }}` in the workflow before the action sees the text.
    const rules = `type=raw,value=${context.inputs.tag ?? ''}\ntype=sha`;
    expect(tagValues('workflow-dispatch', rules)).toEqual(['v9.9.9-manual', 'sha-860c190']);
  });

  test('repository_dispatch: a tag from client_payload', () => {
    const context = eventContext('repository-dispatch');
    expect(tagValues('repository-dispatch', `type=semver,pattern={{major}}.{{minor}},value=${context.inputs.tag ?? ''}`)).toEqual([]);
    expect(tagValues('repository-dispatch', `type=raw,value=${context.inputs.tag ?? ''}`)).toEqual(['2024.06.28']);
  });
});
