import { describe, expect, test } from 'vitest';
import { releaseTagOf } from '../../../packages/core/src/scan/index.ts';

describe('which release a run attaches its SBOMs and SARIF to', () => {
  test.each([
    [
      'a release event names its tag',
      {
        eventName: 'release',
        ref: 'refs/tags/v1.2.3',
        release: { tagName: 'v1.2.3', prerelease: false, draft: false },
      },
      { tag: 'v1.2.3' },
    ],
    [
      'a release whose tag is not semver still counts',
      {
        eventName: 'release',
        ref: 'refs/tags/2026-12',
        release: { tagName: '2026-12', prerelease: true, draft: false },
      },
      { tag: '2026-12' },
    ],
    ['a version tag push', { eventName: 'push', ref: 'refs/tags/v1.2.3' }, { tag: 'v1.2.3' }],
    [
      'a version tag push without v, with a prerelease',
      { eventName: 'push', ref: 'refs/tags/1.2.3-rc.1' },
      { tag: '1.2.3-rc.1' },
    ],
    ['a major-only tag', { eventName: 'push', ref: 'refs/tags/v2' }, { tag: 'v2' }],
    ['another tag push', { eventName: 'push', ref: 'refs/tags/nightly' }, { none: 'tag nightly is not a version tag' }],
    [
      'a branch push',
      { eventName: 'push', ref: 'refs/heads/main' },
      { none: 'a push run on refs/heads/main is not a release or a version tag push' },
    ],
    [
      'a pull request',
      { eventName: 'pull_request', ref: 'refs/pull/7/merge' },
      { none: 'a pull_request run on refs/pull/7/merge is not a release or a version tag push' },
    ],
    [
      'a tag ref under workflow_dispatch',
      { eventName: 'workflow_dispatch', ref: 'refs/tags/v1.0.0' },
      { none: 'a workflow_dispatch run on refs/tags/v1.0.0 is not a release or a version tag push' },
    ],
  ])('%s', (_name, context, expected) => {
    expect(releaseTagOf(context)).toEqual(expected);
  });
});
