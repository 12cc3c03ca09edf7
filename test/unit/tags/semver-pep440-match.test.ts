import { describe, expect, test } from 'vitest';
import { tagValues } from './tag-results.ts';

const tagPush = (tag: string) => ({ GITHUB_REF: `refs/tags/${tag}` });
const PEP = 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}';

describe('type=pep440 (upstream README table)', () => {
  test.each<[string, string, string, string[]]>([
    ['1.2.3 release gives version, major.minor, major and latest', '1.2.3', PEP, ['1.2.3', '1.2', '1', 'latest']],
    ['v1.2.3 {{version}} drops the v', 'v1.2.3', 'type=pep440,pattern={{version}}', ['1.2.3', 'latest']],
    ['1.2.3 {{raw}} keeps the text', '1.2.3', 'type=pep440,pattern={{raw}}', ['1.2.3', 'latest']],
    ['1.2.3 v{{major}} gives v1', '1.2.3', 'type=pep440,pattern=v{{major}}', ['v1', 'latest']],
    [
      'a missing minor and patch count as 0',
      '1.2',
      'type=pep440,pattern={{major}}.{{minor}}.{{patch}}',
      ['1.2.0', 'latest'],
    ],
    ['v1.2.3rc2 {{raw}} keeps the raw tag', 'v1.2.3rc2', 'type=pep440,pattern={{raw}}', ['v1.2.3rc2']],
    ['1.2.3rc2 with {{major}}.{{minor}} gives only the version, no latest', '1.2.3rc2', PEP, ['1.2.3rc2']],
    [
      '1.2.3post1 is normalized to 1.2.3.post1',
      '1.2.3post1',
      'type=pep440,pattern={{major}}.{{minor}}',
      ['1.2.3.post1'],
    ],
    ['1.2.3beta2 is normalized to 1.2.3b2', '1.2.3beta2', 'type=pep440,pattern={{major}}.{{minor}}', ['1.2.3b2']],
    ['1.0dev4 is normalized to 1.0.dev4', '1.0dev4', 'type=pep440,pattern={{major}}.{{minor}}', ['1.0.dev4']],
    ['1.1-alpha.3 spelling is normalized to 1.1a3', '1.1-alpha.3', 'type=pep440,pattern={{version}}', ['1.1a3']],
    [
      'an epoch and a local version survive normalizing (+ becomes -)',
      '1!2.0+Ubuntu_1',
      'type=pep440,pattern={{version}}',
      ['1-2.0-ubuntu.1', 'latest'],
    ],
    ['a tag that is not PEP 440 gives nothing', 'sometag', PEP, []],
  ])('%s', (_name, tag, rules, expected) => {
    expect(tagValues('push-tag', rules, '', tagPush(tag))).toEqual(expected);
  });

  test('pep440 value= works on a branch push', () => {
    expect(tagValues('push-branch', 'type=pep440,pattern={{major}}.{{minor}},value=2.3.4')).toEqual(['2.3', 'latest']);
  });
});

describe('type=semver extras', () => {
  test.each<[string, string, string, string[]]>([
    ['v101.12.13 major', 'v101.12.13', 'type=semver,pattern={{major}}', ['101', 'latest']],
    ['{{patch}} is available', 'v1.2.3', 'type=semver,pattern=p{{patch}}', ['p3', 'latest']],
    [
      'a tag under a folder becomes rel-v1.2.3, which is not semver',
      'rel/v1.2.3',
      'type=semver,pattern={{version}}',
      [],
    ],
    [
      'major version zero still gives 0 unless disabled, as upstream',
      'v0.1.2',
      'type=semver,pattern={{major}}',
      ['0', 'latest'],
    ],
    [
      'v2.0.8-beta.67 with {{major}}.{{minor}} gives the full version',
      'v2.0.8-beta.67',
      'type=semver,pattern={{major}}.{{minor}}',
      ['2.0.8-beta.67'],
    ],
    ['1.2 is not a strict semver version', '1.2', 'type=semver,pattern={{version}}', []],
  ])('%s', (_name, tag, rules, expected) => {
    expect(tagValues('push-tag', rules, '', tagPush(tag))).toEqual(expected);
  });
});

describe('match= on semver and pep440 takes the version out of the tag or value=', () => {
  test.each<[string, string, string, string[]]>([
    [
      'the first group of the tag p1/v1.0.0',
      'p1/v1.0.0',
      'type=semver,pattern={{version}},"match=v(\\d.\\d.\\d)$"',
      ['1.0.0', 'latest'],
    ],
    [
      'the first group of value= on any ref',
      'v9.9.9',
      'type=semver,pattern={{version}},value=p1/v1.2.3,"match=v(\\d.\\d.\\d)$"',
      ['1.2.3', 'latest'],
    ],
    [
      'pep440 the same way',
      'p1/v1.0.0',
      'type=pep440,pattern={{major}}.{{minor}},"match=v(\\d.\\d.\\d)$"',
      ['1.0', 'latest'],
    ],
    [
      'without a group, the whole match',
      'app-2.3.4-linux',
      'type=semver,pattern={{major}},match=\\d+\\.\\d+\\.\\d+',
      ['2', 'latest'],
    ],
    ['a tag match= does not fit gives nothing', 'sometag', 'type=semver,pattern={{version}},match=v(\\d.\\d.\\d)', []],
  ])('%s', (_name, tag, rules, expected) => {
    expect(tagValues('push-tag', rules, '', tagPush(tag))).toEqual(expected);
  });
});

describe('type=match', () => {
  test.each<[string, string, string, string[]]>([
    ['group 0 is the whole match', 'v1.1.1', 'type=match,pattern=\\d.\\d.\\d', ['1.1.1', 'latest']],
    ['group 1 picks the capture', 'v1.2.3', 'type=match,pattern=v(\\d.\\d),group=1', ['1.2', 'latest']],
    ['a quoted field may hold commas', 'v12.3', 'type=match,"pattern=^v(\\d{1,3}).\\d+$",group=1', ['12', 'latest']],
    [
      '"" inside a quoted field is one literal quote (CSV)',
      'a"1',
      'type=match,"pattern=a""(\\d)",group=1',
      ['1', 'latest'],
    ],
    ['/regex/flags form with the i flag', 'V7', 'type=match,"pattern=/^v(\\d+)$/i",group=1', ['7', 'latest']],
    [
      'match reads the tag with its slashes',
      'p1/v1.2.3',
      'type=match,pattern=v(\\d.\\d.\\d)$,group=1',
      ['1.2.3', 'latest'],
    ],
    ['a dated tag', '20200110-RC2', 'type=match,pattern=\\d{8}', ['20200110', 'latest']],
    ['no match gives nothing', 'sometag', 'type=match,pattern=v(\\d.\\d),group=1', []],
    ['a group the pattern lacks gives nothing', 'v1.2', 'type=match,pattern=v(\\d.\\d),group=3', []],
  ])('%s', (_name, tag, rules, expected) => {
    expect(tagValues('push-tag', rules, '', tagPush(tag))).toEqual(expected);
  });

  test('match value= works on a branch push', () => {
    expect(tagValues('push-branch', 'type=match,pattern=\\d+,value=build-{{sha}}-42')).toEqual(['860', 'latest']);
  });
});
