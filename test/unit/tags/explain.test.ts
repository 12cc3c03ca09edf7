import { expect, test } from 'vitest';
import type { Env } from '../../../packages/core/src/context/index.ts';
import type { EventFixture } from '../events.ts';
import { tagsFor } from './tag-results.ts';

test.each<[string, EventFixture, string, Env, { tags: string[]; reason?: string }, string?]>([
  [
    'semver on a branch says the ref is not a tag',
    'push-branch',
    'type=semver,pattern={{version}}',
    {},
    { tags: [], reason: 'type=semver: ref refs/heads/main is not a tag (and no value= is given)' },
  ],
  ['enable=false says so', 'push-branch', 'type=sha,enable=false', {}, { tags: [], reason: 'enable=false' }],
  [
    'an enable expression that gave false names it',
    'push-branch',
    'type=raw,value=x,enable={{is_not_default_branch}}',
    {},
    { tags: [], reason: 'enable={{is_not_default_branch}} gave false' },
  ],
  [
    'schedule outside schedule events',
    'push-branch',
    'type=schedule',
    {},
    { tags: [], reason: 'type=schedule: event push is not schedule' },
  ],
  [
    'a tag that is not semver',
    'push-tag',
    'type=semver,pattern={{version}}',
    { GITHUB_REF: 'refs/tags/release1' },
    { tags: [], reason: 'type=semver: release1 is not a valid semver version (https://semver.org)' },
  ],
  [
    'a match that fails',
    'push-tag',
    'type=match,pattern=^x',
    {},
    { tags: [], reason: 'type=match: pattern ^x does not match v1.2.3' },
  ],
  [
    'edge off the edge branch',
    'push-branch',
    'type=edge,branch=develop',
    {},
    { tags: [], reason: 'type=edge: branch main is not the edge branch develop' },
  ],
  [
    'ref event=pr on a push',
    'push-branch',
    'type=ref,event=pr',
    {},
    { tags: [], reason: 'type=ref: ref refs/heads/main is not a pull request' },
  ],
  [
    'a semver value= that renders empty',
    'push-branch',
    'type=semver,pattern={{version}},value={{tag}}',
    {},
    { tags: [], reason: 'type=semver: value={{tag}} rendered empty' },
  ],
  [
    'a raw value that renders empty',
    'push-branch',
    'type=raw,value={{tag}}',
    {},
    { tags: [], reason: 'type=raw: the value is empty' },
  ],
  [
    'a match= that fails',
    'push-tag',
    'type=semver,pattern={{version}},match=^x(.*)',
    {},
    { tags: [], reason: 'type=semver: match=^x(.*) does not match v1.2.3' },
  ],
  [
    'a prefix expression that is empty on this ref gives no tag, and says what it would have been',
    'push-tag',
    'type=sha,prefix={{branch}}-',
    {},
    { tags: [], reason: 'type=sha: {{branch}} in prefix={{branch}}- is empty here, so the tag would be "-860c190"' },
  ],
  [
    'a suffix expression the same way',
    'push-branch',
    'type=ref,event=branch,suffix=-{{tag}}',
    {},
    { tags: [], reason: 'type=ref: {{tag}} in suffix=-{{tag}} is empty here, so the tag would be "main-"' },
  ],
  [
    'a flavor prefix expression the same way',
    'push-tag',
    'type=ref,event=tag',
    {},
    { tags: [], reason: 'type=ref: {{branch}} in prefix={{branch}}- is empty here, so the tag would be "-v1.2.3"' },
    '{{branch}}-',
  ],
  [
    'the rule that decided latest lists it',
    'push-tag',
    'type=semver,pattern={{version}}',
    {},
    { tags: ['1.2.3', 'latest'] },
  ],
])('%s', (_name, fixture, rules, env, expected, flavorPrefix) => {
  const [entry] = tagsFor(fixture, rules, flavorPrefix ? `prefix=${flavorPrefix}` : '', env).explain;
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

test('the ghcommon rules on a tag push: the sha tag with an empty branch prefix is left out, the others stay', () => {
  const result = tagsFor(
    'push-tag',
    'type=semver,pattern={{version}}\ntype=sha,prefix={{branch}}-\ntype=ref,event=branch',
  );
  expect(result.tags.map((tag) => tag.value)).toEqual(['1.2.3', 'latest']);
  expect(tagsFor('push-branch', 'type=sha,prefix={{branch}}-').tags.map((tag) => tag.value)).toEqual(['main-860c190']);
});
