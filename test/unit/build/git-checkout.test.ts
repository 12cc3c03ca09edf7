import { describe, expect, it } from 'vitest';
import {
  gitAuthEnvironment,
  gitFetchCommands,
  parseGitContext,
} from '../../../packages/core/src/build/git-checkout.ts';

const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37';

describe('the Git context fetched for buildah', () => {
  it.each([
    [`https://github.com/o/r.git#${SHA}`, { url: 'https://github.com/o/r.git', ref: SHA, subdir: '' }],
    [
      `https://github.com/o/r.git#${SHA}:docker/app`,
      { url: 'https://github.com/o/r.git', ref: SHA, subdir: 'docker/app' },
    ],
    [
      'https://github.com/o/r.git#refs/heads/main',
      { url: 'https://github.com/o/r.git', ref: 'refs/heads/main', subdir: '' },
    ],
  ])('%s', (text, expected) => expect(parseGitContext(text)).toEqual(expected));

  it('is one shallow fetch of the commit and a detached checkout, no shell', () => {
    expect(gitFetchCommands({ url: 'https://github.com/o/r.git', ref: SHA, subdir: '' }, '/w/g')).toEqual([
      ['init', '--quiet', '/w/g'],
      ['-C', '/w/g', 'fetch', '--quiet', '--depth', '1', '--no-tags', 'https://github.com/o/r.git', SHA],
      ['-C', '/w/g', 'checkout', '--quiet', '--detach', 'FETCH_HEAD'],
    ]);
  });

  it('hands the token to git as a header for the server only, never on the command line', () => {
    expect(gitAuthEnvironment('https://github.com', 'ghs_x')).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_x').toString('base64')}`,
    });
    expect(gitAuthEnvironment('https://github.com', '')).toEqual({});
    expect(gitAuthEnvironment('file:///srv', 'ghs_x')).toEqual({});
  });
});
