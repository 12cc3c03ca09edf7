import { describe, expect, test } from 'vitest';
import type { Env } from '../../../packages/core/src/context/index.ts';
import { formatDate, renderGlobalExpressions, type TagOptions } from '../../../packages/core/src/tags/index.ts';
import { eventContext, type EventFixture } from '../events.ts';

describe('global expressions', () => {
  test.each<[string, EventFixture, string, Env, TagOptions, string]>([
    ['{{branch}} on a branch push', 'push-branch', '{{branch}}', { GITHUB_REF: 'refs/heads/feat/x' }, {}, 'feat/x'],
    ['{{branch}} is empty on a tag push', 'push-tag', '[{{branch}}]', {}, {}, '[]'],
    ['{{tag}} on a tag push', 'push-tag', '{{tag}}', {}, {}, 'v1.2.3'],
    ['{{tag}} is empty on a branch push', 'push-branch', '[{{tag}}]', {}, {}, '[]'],
    ['{{sha}} is the short sha', 'push-branch', '{{sha}}', {}, {}, '860c190'],
    ['{{sha}} follows the short sha length', 'push-branch', '{{sha}}', {}, { shortShaLength: 10 }, '860c1904a1'],
    [
      '{{sha}} is the whole sha when the length exceeds it',
      'push-branch',
      '{{sha}}',
      {},
      { shortShaLength: 64 },
      '860c1904a1ce19322e91ac35af1ab07466440c37',
    ],
    ['{{base_ref}} on a tag push is the branch it came from', 'push-tag', '{{base_ref}}', {}, {}, 'main'],
    ['{{base_ref}} on a pull request is the base branch', 'pull-request', '{{base_ref}}', {}, {}, 'main'],
    ['{{base_ref}} is empty on a branch push', 'push-branch', '[{{base_ref}}]', {}, {}, '[]'],
    ['{{head_ref}} on a pull request is its head branch', 'pull-request', '{{head_ref}}', {}, {}, 'feat/new-feature'],
    ['{{head_ref}} is empty outside pull requests', 'push-branch', '[{{head_ref}}]', {}, {}, '[]'],
    [
      '{{is_default_branch}} on main',
      'push-branch',
      '{{is_default_branch}}/{{is_not_default_branch}}',
      {},
      {},
      'true/false',
    ],
    ['{{is_default_branch}} on a pull request is false', 'pull-request', '{{is_default_branch}}', {}, {}, 'false'],
    [
      '{{prerelease}} of v2.0.0-rc.1',
      'push-tag',
      '{{prerelease}}',
      { GITHUB_REF: 'refs/tags/v2.0.0-rc.1' },
      {},
      'rc.1',
    ],
    ['{{prerelease}} of a release version is empty', 'push-tag', '[{{prerelease}}]', {}, {}, '[]'],
    [
      '{{is_prerelease}} for a semver prerelease tag',
      'push-tag',
      '{{is_prerelease}}',
      { GITHUB_REF: 'refs/tags/v2.0.0-rc.1' },
      {},
      'true',
    ],
    ['{{is_prerelease}} for a release version tag', 'push-tag', '{{is_prerelease}}', {}, {}, 'false'],
    [
      '{{is_prerelease}} for a release the payload marks prerelease',
      'release-prerelease',
      '{{is_prerelease}}',
      {},
      {},
      'true',
    ],
    ['{{is_prerelease}} for a normal release', 'release', '{{is_prerelease}}', {}, {}, 'false'],
    [
      "{{date}} without a format uses moment's default (Z in UTC)",
      'push-branch',
      '{{date}}',
      {},
      {},
      '2024-06-28T14:30:22Z',
    ],
    [
      "moment's default format elsewhere ends in the offset",
      'push-branch',
      "{{date tz='Asia/Tokyo'}}",
      {},
      {},
      '2024-06-28T23:30:22+09:00',
    ],
    [
      'an unquoted format is an empty variable to handlebars: the default format, as upstream',
      'push-branch',
      '{{commit_date YYYY-MM-DD}}',
      {},
      {},
      '2024-06-28T14:12:05Z',
    ],
    [
      "{{date 'FORMAT' tz='Zone'}}",
      'push-branch',
      "{{date 'YYYY-MM-DD HH:mm Z' tz='America/New_York'}}",
      {},
      {},
      '2024-06-28 10:30 -04:00',
    ],
    ['{{date}} with double quotes', 'push-branch', '{{date "YYYYMMDD"}}', {}, {}, '20240628'],
    [
      "{{commit_date 'FORMAT' tz='Zone'}}",
      'push-branch',
      "{{commit_date 'YYYYMMDD-HHmmss' tz='Europe/Paris'}}",
      {},
      {},
      '20240628-161205',
    ],
    [
      '{{commit_date}} falls back to the context date without a commit time',
      'schedule',
      "{{commit_date 'HHmmss'}}",
      {},
      {},
      '143022',
    ],
    ['triple braces render the same', 'push-branch', '{{{branch}}}', {}, {}, 'main'],
    ['spaces inside braces are allowed', 'push-branch', '{{ branch }}-{{ sha }}', {}, {}, 'main-860c190'],
    ['text without expressions is kept', 'push-branch', 'plain text', {}, {}, 'plain text'],
  ])('%s', (_name, fixture, template, env, options, expected) => {
    expect(renderGlobalExpressions(template, eventContext(fixture, env), options)).toBe(expected);
  });

  test('an unquoted format renders as upstream renders it, with a warning that names it', () => {
    const warnings: string[] = [];
    expect(
      renderGlobalExpressions("v-{{date YYYYMMDD tz='UTC'}}", eventContext('push-branch'), {}, 'tags', warnings),
    ).toBe('v-2024-06-28T14:30:22Z');
    expect(warnings).toEqual([
      "tags: {{date YYYYMMDD tz='UTC'}}: an unquoted format is read as an empty variable, " +
        'so the default format is used (as docker/metadata-action does); quote the format to apply it',
    ]);
  });

  test('errors name the input the caller gives (labels use this too)', () => {
    expect(() => renderGlobalExpressions('org.example={{nope}}', eventContext('push-branch'), {}, 'labels')).toThrow(
      /input "labels".*\{\{nope\}\} is not a known expression/,
    );
  });
});

describe('moment-style date formats rendered with Intl', () => {
  const date = new Date('2024-03-05T07:08:09.045Z'); // a Tuesday
  test.each<[string, string, string]>([
    ['YYYY YY', 'UTC', '2024 24'],
    ['MM M MMM MMMM', 'UTC', '03 3 Mar March'],
    ['DD D Do', 'UTC', '05 5 5th'],
    ['ddd dddd dd d', 'UTC', 'Tue Tuesday Tu 2'],
    ['HH H hh h A a', 'UTC', '07 7 07 7 AM am'],
    ['mm m ss s', 'UTC', '08 8 09 9'],
    ['SSS SS S', 'UTC', '045 04 0'],
    ['Z ZZ', 'UTC', '+00:00 +0000'],
    ['Z ZZ', 'Asia/Kolkata', '+05:30 +0530'],
    ['Z', 'America/Los_Angeles', '-08:00'],
    ['X x', 'UTC', '1709622489 1709622489045'],
    ['Q', 'UTC', '1'],
    ['[YYYY is] YYYY', 'UTC', 'YYYY is 2024'],
    ['YYYYMMDD-HHmmss', 'Asia/Tokyo', '20240305-160809'],
    ['hh A', 'Pacific/Auckland', '08 PM'],
    ['YYYY-MM-DDTHH:mm', 'UTC', '2024-03-05T07:08'],
  ])('%s in %s', (format, zone, expected) => {
    expect(formatDate(date, format, zone)).toBe(expected);
  });

  test('the day changes with the zone', () => {
    expect(formatDate(new Date('2024-12-31T23:30:00Z'), 'YYYY-MM-DD dddd', 'Asia/Tokyo')).toBe('2025-01-01 Wednesday');
    expect(formatDate(new Date('2024-01-01T00:30:00Z'), 'YYYY-MM-DD', 'America/Chicago')).toBe('2023-12-31');
  });
});
