import { expect, test } from 'vitest';
import type { Env } from '../../../packages/core/src/context/index.ts';
import type { EventFixture } from '../events.ts';
import { tagsFor } from './tag-results.ts';

test.each<[string, EventFixture, string, Env, { tags: string[]; reason?: string }]>([
  ['semver on a branch says the ref is not a tag', 'push-branch', 'type=semver,pattern={{version}}', {}, { tags: [], reason: 'type=semver: ref refs/heads/main is not a tag (and no value= is given)' }],
  ['enable=false says so', 'push-branch', 'type=sha,enable=false', {}, { tags: [], reason: 'enable=false' }],
  ['an enable expression that gave false names it', 'push-branch', 'type=raw,value=x,enable={{is_not_default_branch}}', {}, { tags: [], reason: 'enable={{is_not_default_branch}} gave false' }],
  ['schedule outside schedule events', 'push-branch', 'type=schedule', {}, { tags: [], reason: 'type=schedule: event push is not schedule' }],
  ['a tag that is not semver', 'push-tag', 'type=semver,pattern={{version}}', { GITHUB_REF: 'refs/tags/release1' }, { tags: [], reason: 'type=semver: release1 is not a valid semver version (https://semver.org)' }],
  ['a match that fails', 'push-tag', 'type=match,pattern=^x', {}, { tags: [], reason: 'type=match: pattern ^x does not match v1.2.3' }],
  ['edge off the edge branch', 'push-branch', 'type=edge,branch=develop', {}, { tags: [], reason: 'type=edge: branch main is not the edge branch develop' }],
  ['ref event=pr on a push', 'push-branch', 'type=ref,event=pr', {}, { tags: [], reason: 'type=ref: ref refs/heads/main is not a pull request' }],
  ['a semver value= that renders empty', 'push-branch', 'type=semver,pattern={{version}},value={{tag}}', {}, { tags: [], reason: 'type=semver: value={{tag}} rendered empty' }],
  ['a raw value that renders empty', 'push-branch', 'type=raw,value={{tag}}', {}, { tags: [], reason: 'type=raw: the value is empty' }],
  ['the rule that decided latest lists it', 'push-tag', 'type=semver,pattern={{version}}', {}, { tags: ['1.2.3', 'latest'] }],
])('%s', (_name, fixture, rules, env, expected) => {
  const [entry] = tagsFor(fixture, rules, '', env).explain;
  expect(entry).toEqual({ rule: rules, ...expected });
});

test('every rule gets an entry, in priority order, with the tags it produced', () => {
  const result = tagsFor('push-branch', 'type=sha\ntype=ref,event=tag\ntype=ref,event=branch');
  expect(result.explain).toEqual([
    { rule: 'type=ref,event=tag', tags: [], reason: 'type=ref: ref refs/heads/main is not a tag' },
    { rule: 'type=ref,event=branch', tags: ['main'] },
    { rule: 'type=sha', tags: ['sha-860c190'] },
  ]);
});
