import { expect, test } from 'vitest';
import { parsePolicyYaml } from '../../../packages/core/src/retention/policy-schema.ts';
import {
  NO_SHORTHANDS,
  policyFromShorthands,
  resolvePolicy,
  type ShorthandInputs,
} from '../../../packages/core/src/retention/shorthand-policy.ts';

const DAY = 86_400_000;

const ISSUE_EXAMPLE = `
protect-tags: [latest, main, develop]
rules:
  - name: releases
    tags-regex: '^v?[0-9]+\\.[0-9]+\\.[0-9]+$'
    keep: forever
  - name: branch-builds
    tags: ['main-*', 'sha-*']
    older-than: 90 days
  - name: previews
    tags: ['pr-*']
    older-than: 7 days
keep-n-tagged: 10
untagged: delete
`;

test('reads the example policy of the issue', () => {
  expect(parsePolicyYaml(ISSUE_EXAMPLE)).toEqual({
    ok: true,
    policy: {
      protectTags: ['latest', 'main', 'develop'],
      rules: [
        { name: 'releases', tags: [], tagsRegex: '^v?[0-9]+\\.[0-9]+\\.[0-9]+$', keep: { kind: 'forever' } },
        {
          name: 'branch-builds',
          tags: ['main-*', 'sha-*'],
          keep: { kind: 'older-than', ms: 90 * DAY, text: '90 days' },
        },
        { name: 'previews', tags: ['pr-*'], keep: { kind: 'older-than', ms: 7 * DAY, text: '7 days' } },
      ],
      keepNTagged: 10,
      untagged: { kind: 'delete' },
    },
  });
});

test.each([
  ['untagged: keep', { kind: 'keep' }],
  ["untagged: '1 day'", { kind: 'older-than', ms: DAY, text: '1 day' }],
  ['{}', { kind: 'keep' }],
])('untagged %s', (yaml, untagged) => {
  const result = parsePolicyYaml(yaml);
  expect(result.ok && result.policy.untagged).toEqual(untagged);
});

test('an empty document keeps everything', () => {
  expect(parsePolicyYaml('')).toEqual({ ok: true, policy: { protectTags: [], rules: [], untagged: { kind: 'keep' } } });
});

test.each([
  ['a misspelt key', 'protect-tag: [latest]', '', 'protect-tag'],
  ['a rule with no tags', 'rules: [{ name: a, keep: forever }]', 'rules[0]', 'needs tags'],
  [
    'a rule with both keeps',
    "rules: [{ name: a, tags: ['*'], keep: forever, older-than: 1 day }]",
    'rules[0]',
    'exactly one',
  ],
  ['a rule with neither keep', "rules: [{ name: a, tags: ['*'] }]", 'rules[0]', 'exactly one'],
  ['a bad duration', "rules: [{ name: a, tags: ['*'], older-than: soon }]", 'rules[0].older-than', 'cannot read'],
  ['a month', "untagged: '1 month'", 'untagged', 'no fixed length'],
  ['a ReDoS regex', "rules: [{ name: a, tags-regex: '^(a+)+$', keep: forever }]", 'rules[0].tags-regex', 'exponential'],
  ['a long glob', `protect-tags: ['${'x'.repeat(300)}']`, 'protect-tags', 'longer than'],
  [
    'a repeated rule name',
    'rules: [{ name: a, tags: x, keep: forever }, { name: a, tags: y, keep: forever }]',
    'rules[1].name',
    'repeats',
  ],
  ['negative keep-n-tagged', 'keep-n-tagged: -1', 'keep-n-tagged', 'at least 0'],
  ['non-numeric keep-n-tagged', 'keep-n-tagged: ten', 'keep-n-tagged', 'whole number'],
  ['an unknown field', 'keep-n-taged: 10', '', 'unknown field "keep-n-taged"'],
  [
    'keep-n-untagged beside untagged: keep',
    'keep-n-untagged: 2\nuntagged: keep',
    'keep-n-untagged',
    'untagged: keep keeps them all',
  ],
  ['YAML syntax', 'rules: [', '', 'not valid YAML'],
])('refuses %s, naming where', (_name, yaml, path, problem) => {
  const result = parsePolicyYaml(yaml, 'policy-file');
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const found = result.problems.find((p) => p.path === path || (path === '' && p.problem.includes(problem)));
  expect(found, JSON.stringify(result.problems)).toBeDefined();
  expect(found!.input).toBe('policy-file');
  expect(found!.problem + found!.path).toContain(problem);
  expect(found!.fix).not.toBe('');
});

const shorthand = (inputs: Partial<ShorthandInputs>) => policyFromShorthands({ ...NO_SHORTHANDS, ...inputs });

test.each<[string, Partial<ShorthandInputs>, unknown]>([
  ['nothing given: delete untagged, like the peers', {}, { protectTags: [], rules: [], untagged: { kind: 'delete' } }],
  [
    'delete-untagged false keeps all',
    { 'delete-untagged': 'false' },
    { protectTags: [], rules: [], untagged: { kind: 'keep' } },
  ],
  [
    'delete-untagged with older-than',
    { 'delete-untagged': 'true', 'older-than': '1 day' },
    { protectTags: [], rules: [], untagged: { kind: 'older-than', ms: DAY, text: '1 day' } },
  ],
  [
    'delete-tags and exclude-tags',
    { 'delete-tags': ['pr-*'], 'exclude-tags': ['latest'] },
    {
      protectTags: ['latest'],
      rules: [{ name: 'delete-tags', tags: ['pr-*'], keep: { kind: 'older-than', ms: 0, text: '0s' } }],
      untagged: { kind: 'keep' },
    },
  ],
  [
    'keep-n-tagged with older-than',
    { 'keep-n-tagged': '3', 'older-than': '7 days' },
    {
      protectTags: [],
      rules: [{ name: 'keep-n-tagged', tags: ['*'], keep: { kind: 'older-than', ms: 7 * DAY, text: '7 days' } }],
      keepNTagged: 3,
      untagged: { kind: 'keep' },
    },
  ],
  [
    'keep-n-untagged',
    { 'keep-n-untagged': '2' },
    { protectTags: [], rules: [], untagged: { kind: 'delete' }, keepNUntagged: 2 },
  ],
])('shorthand: %s', (_name, inputs, policy) => {
  expect(shorthand(inputs)).toEqual({ ok: true, policy });
});

test.each<[Partial<ShorthandInputs>, string]>([
  [{ 'keep-n-tagged': 'ten' }, 'keep-n-tagged'],
  [{ 'delete-untagged': 'yes' }, 'delete-untagged'],
  [{ 'older-than': 'a while' }, 'older-than'],
  [{ 'delete-untagged': 'false', 'keep-n-untagged': '1' }, 'keep-n-untagged'],
])('shorthand problems name the input (%j)', (inputs, input) => {
  const result = shorthand(inputs);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.problems[0]!.input).toBe(input);
});

test('policy and shorthands do not mix', () => {
  const result = resolvePolicy({ policy: 'untagged: keep', shorthands: { ...NO_SHORTHANDS, 'keep-n-tagged': '1' } });
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.problems[0]).toMatchObject({ input: 'keep-n-tagged' });
});

test('policy and policy-file do not mix', () => {
  const result = resolvePolicy({
    policy: 'untagged: keep',
    policyFile: { path: 'p.yml', text: '' },
    shorthands: NO_SHORTHANDS,
  });
  expect(result.ok).toBe(false);
});

test('policy-file is read as YAML', () => {
  const result = resolvePolicy({
    policy: '',
    policyFile: { path: 'p.yml', text: 'untagged: delete' },
    shorthands: NO_SHORTHANDS,
  });
  expect(result.ok && result.policy.untagged).toEqual({ kind: 'delete' });
});

test('in a policy file keep-n-tagged alone deletes tagged images beyond N; keep-n-untagged alone, untagged', () => {
  expect(parsePolicyYaml('protect-tags: [latest, main, develop]\nkeep-n-tagged: 10')).toEqual({
    ok: true,
    policy: { protectTags: ['latest', 'main', 'develop'], rules: [], keepNTagged: 10, untagged: { kind: 'keep' } },
  });
  expect(parsePolicyYaml('keep-n-untagged: 3')).toEqual({
    ok: true,
    policy: { protectTags: [], rules: [], untagged: { kind: 'delete' }, keepNUntagged: 3 },
  });
});

test('delete-tags with keep-n-tagged counts only the images delete-tags names (as dataaxiom/ghcr-cleanup)', () => {
  expect(shorthand({ 'delete-tags': ['pr-*'], 'keep-n-tagged': '2' })).toEqual({
    ok: true,
    policy: {
      protectTags: [],
      rules: [{ name: 'delete-tags', tags: ['pr-*'], keep: { kind: 'older-than', ms: 0, text: '0s' } }],
      keepNTagged: 2,
      untagged: { kind: 'keep' },
    },
  });
});
