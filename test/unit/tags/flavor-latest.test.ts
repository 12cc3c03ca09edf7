import { describe, expect, test } from 'vitest';
import type { Env } from '../../../packages/core/src/context/index.ts';
import { parseFlavor } from '../../../packages/core/src/tags/index.ts';
import type { EventFixture } from '../events.ts';
import { tagsFor, tagValues } from './tag-results.ts';

describe('flavor and latest', () => {
  test.each<[string, EventFixture, string, string, Env, string[]]>([
    [
      'latest=auto: the first rule with a value decides (a raw rule first means no latest)',
      'push-tag',
      'type=raw,value=release,priority=1000\ntype=semver,pattern={{version}}',
      '',
      {},
      ['release', '1.2.3'],
    ],
    [
      'latest=auto: match gives latest',
      'push-tag',
      'type=match,pattern=v(\\d+.\\d+),group=1',
      '',
      {},
      ['1.2', 'latest'],
    ],
    ['latest=auto: ref event=tag gives latest', 'push-tag', 'type=ref,event=tag', '', {}, ['v1.2.3', 'latest']],
    ['latest=auto: schedule never gives latest', 'schedule', 'type=schedule', '', {}, ['nightly']],
    ['latest=false on a release tag', 'push-tag', 'type=semver,pattern={{version}}', 'latest=false', {}, ['1.2.3']],
    ['latest=true on a branch', 'push-branch', 'type=ref,event=branch', 'latest=true', {}, ['main', 'latest']],
    ['latest=true gives nothing when no rule gave a tag', 'push-branch', 'type=ref,event=tag', 'latest=true', {}, []],
    [
      'flavor prefix applies to values, not to latest by default',
      'push-tag',
      'type=semver,pattern={{version}}',
      'prefix=app-',
      {},
      ['app-1.2.3', 'latest'],
    ],
    [
      'flavor prefix with onlatest=true applies to latest too',
      'push-tag',
      'type=semver,pattern={{version}}',
      'prefix=app-,onlatest=true',
      {},
      ['app-1.2.3', 'app-latest'],
    ],
    [
      'flavor suffix with onlatest=true',
      'push-tag',
      'type=semver,pattern={{version}}',
      'suffix=-alpine,onlatest=true',
      {},
      ['1.2.3-alpine', 'latest-alpine'],
    ],
    [
      'flavor prefix and suffix on separate lines, onlatest only for the suffix',
      'push-tag',
      'type=semver,pattern={{version}}',
      'prefix=app-\nsuffix=-slim,onlatest=true',
      {},
      ['app-1.2.3-slim', 'latest-slim'],
    ],
    ['flavor prefix may use expressions', 'push-branch', 'type=sha', 'prefix={{branch}}-', {}, ['sha-860c190']],
    [
      'flavor prefix with expressions on a rule without its own prefix',
      'push-branch',
      'type=raw,value=build',
      'prefix={{branch}}-',
      {},
      ['main-build'],
    ],
    [
      'a rule prefix (pr- by default) wins over the flavor prefix',
      'pull-request',
      'type=ref,event=pr',
      'prefix=app-',
      {},
      ['pr-15'],
    ],
    [
      'an empty rule suffix wins over the flavor suffix',
      'push-tag',
      'type=semver,pattern={{version}},suffix=',
      'suffix=-slim',
      {},
      ['1.2.3', 'latest'],
    ],
    [
      'a raw latest rule and the latest flag dedupe into one latest',
      'push-tag',
      'type=semver,pattern={{version}}\ntype=raw,value=latest',
      '',
      {},
      ['1.2.3', 'latest'],
    ],
    [
      'identical values from different rules are deduped',
      'push-tag',
      'type=ref,event=tag\ntype=raw,value={{tag}}',
      '',
      {},
      ['v1.2.3', 'latest'],
    ],
    [
      'priority orders tags: a raw rule with priority=2000 comes before sha',
      'push-branch',
      'type=sha\ntype=raw,value=first,priority=2000',
      '',
      {},
      ['first', 'sha-860c190'],
    ],
    [
      'equal priorities keep the order written',
      'push-branch',
      'type=raw,value=b\ntype=raw,value=a',
      '',
      {},
      ['b', 'a'],
    ],
  ])('%s', (_name, fixture, tags, flavor, env, expected) => {
    expect(tagValues(fixture, tags, flavor, env)).toEqual(expected);
  });

  test('version output: main is the first tag, partial the rest, latest flagged separately', () => {
    const result = tagsFor(
      'push-tag',
      'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=sha',
    );
    expect(result.version).toEqual({ main: '1.2.3', partial: ['1.2', 'sha-860c190'], latest: true });
  });

  test('version output is empty when no rule gave a tag', () => {
    expect(tagsFor('push-branch', 'type=ref,event=tag').version).toEqual({
      main: undefined,
      partial: [],
      latest: false,
    });
  });

  test('each tag names the rule line it came from, latest the rule that decided it', () => {
    const result = tagsFor('push-tag', 'type=sha\ntype=semver,pattern={{version}}');
    expect(result.tags).toEqual([
      { value: '1.2.3', rule: 'type=semver,pattern={{version}}' },
      { value: 'sha-860c190', rule: 'type=sha' },
      { value: 'latest', rule: 'type=semver,pattern={{version}}' },
    ]);
  });

  test('parseFlavor reads every key, skipping comments and blank lines', () => {
    expect(parseFlavor('# ours\nlatest=false\n\nprefix=a-,onlatest=true\nsuffix=-b\nlabelprefix=x.')).toEqual({
      latest: 'false',
      prefix: 'a-',
      prefixLatest: true,
      suffix: '-b',
      suffixLatest: false,
      labelPrefix: 'x.',
    });
  });
});
