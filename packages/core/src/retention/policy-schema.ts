import { parse as parseYaml } from 'yaml';
import * as z from 'zod/mini';
import { parseDuration } from './duration.ts';
import { checkGlob, checkRegex } from './pattern-safety.ts';
import type { Age, Policy, PolicyProblem, PolicyResult, Retention, RetentionRule } from './policy.ts';

/**
 * The YAML form of a policy (issue 6):
 *
 *   protect-tags: [latest, main]
 *   rules:
 *     - { name: releases, tags-regex: '^v?[0-9]+\.[0-9]+\.[0-9]+$', keep: forever }
 *     - { name: previews, tags: ['pr-*'], older-than: 7 days }
 *   keep-n-tagged: 10           # alone (no rules): delete the tagged images beyond the newest 10
 *   untagged: delete            # or keep (the default), or an age: '1 day'
 *   keep-n-untagged: 0          # alone: untagged: delete, the newest N aside
 *
 * Objects are strict: a misspelt key (`protect-tag`) is an error, not a rule silently ignored.
 */
const count = z.int().check(z.minimum(0), z.maximum(100_000));
const tagList = z.pipe(
  z.union([z.string(), z.array(z.string())]),
  z.transform((value) => (typeof value === 'string' ? [value] : value)),
);

const ruleSchema = z
  .strictObject({
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    tags: z.optional(tagList),
    'tags-regex': z.optional(z.string()),
    keep: z.optional(z.literal('forever')),
    'older-than': z.optional(z.union([z.string(), z.number()])),
  })
  .check(
    z.refine((rule) => rule.tags !== undefined || rule['tags-regex'] !== undefined, {
      message: 'needs tags (globs) or tags-regex',
    }),
    z.refine((rule) => (rule.keep === undefined) !== (rule['older-than'] === undefined), {
      message: 'needs exactly one of keep: forever and older-than',
    }),
  );

const policySchema = z.strictObject({
  'protect-tags': z.optional(tagList),
  rules: z.optional(z.array(ruleSchema).check(z.maxLength(100))),
  'keep-n-tagged': z.optional(count),
  untagged: z.optional(z.string()),
  'keep-n-untagged': z.optional(count),
});

const SHAPE_FIX =
  'See the policy format in actions/cleanup/README.md: protect-tags, ' +
  'rules (name, tags or tags-regex, keep: forever or older-than), keep-n-tagged, untagged, keep-n-untagged.';

/** Parses and checks a YAML policy; every problem is reported, not just the first. */
export function parsePolicyYaml(text: string, input = 'policy'): PolicyResult {
  let document: unknown;
  try {
    document = parseYaml(text, { maxAliasCount: 0 });
  } catch (error) {
    const problem = `is not valid YAML (${(error as Error).message.split('\n')[0]})`;
    return fail([{ input, path: '', problem, fix: 'Check the indentation and quoting.' }]);
  }
  if (document === null || document === undefined) document = {};
  const parsed = policySchema.safeParse(document);
  if (!parsed.success) {
    const problemOf = (issue: (typeof parsed.error.issues)[number]) => ({
      input,
      path: formatPath(issue.path),
      problem: describeIssue(issue),
      fix: SHAPE_FIX,
    });
    return fail(parsed.error.issues.map(problemOf));
  }
  const raw = parsed.data;
  const problems: PolicyProblem[] = [];
  const protectTags = checkedGlobs(raw['protect-tags'] ?? [], input, 'protect-tags', problems);
  const seen = new Set<string>();
  const rules: RetentionRule[] = (raw.rules ?? []).map((rule, index) => {
    const at = `rules[${index}]`;
    if (seen.has(rule.name)) {
      const fix = 'Give each rule its own name; plans cite rules by name.';
      problems.push({ input, path: `${at}.name`, problem: `repeats the rule name "${rule.name}"`, fix });
    }
    seen.add(rule.name);
    return parseRule(rule, input, at, problems);
  });
  // keep-n-untagged alone means "delete the untagged images beyond the newest N", as keep-n-tagged
  // alone does for tagged ones; beside `untagged: keep` it could never act.
  const keepNUntagged = raw['keep-n-untagged'];
  if (keepNUntagged !== undefined && raw.untagged === 'keep') {
    const problem = 'deletes untagged images beyond the newest N, while untagged: keep keeps them all';
    problems.push({ input, path: 'keep-n-untagged', problem, fix: 'Remove one of the two.' });
  }
  const untaggedDefault = keepNUntagged !== undefined ? 'delete' : 'keep';
  const untagged = untaggedRetention(raw.untagged ?? untaggedDefault, input, 'untagged', problems);
  const policy: Policy = { protectTags, rules, untagged };
  if (raw['keep-n-tagged'] !== undefined) policy.keepNTagged = raw['keep-n-tagged'];
  if (keepNUntagged !== undefined) policy.keepNUntagged = keepNUntagged;
  return problems.length ? fail(problems) : { ok: true, policy };
}

function parseRule(rule: RawRule, input: string, at: string, problems: PolicyProblem[]): RetentionRule {
  const regex = rule['tags-regex'];
  if (regex !== undefined) {
    const check = checkRegex(regex);
    if (!check.ok) problems.push({ input, path: `${at}.tags-regex`, problem: check.problem, fix: check.fix });
  }
  const keep =
    rule.keep === 'forever'
      ? ({ kind: 'forever' } as const)
      : age(String(rule['older-than']), input, `${at}.older-than`, problems);
  const tags = checkedGlobs(rule.tags ?? [], input, `${at}.tags`, problems);
  return { name: rule.name, tags, ...(regex !== undefined && { tagsRegex: regex }), keep };
}

type RawRule = z.infer<typeof ruleSchema>;

/** `delete`, `keep`, or an age after which untagged images go. */
export function untaggedRetention(
  value: string,
  input: string,
  path: string,
  problems: PolicyProblem[],
): Retention<'keep' | 'delete'> {
  if (value === 'delete' || value === 'keep') return { kind: value };
  return age(value, input, path, problems);
}

export function age(text: string, input: string, path: string, problems: PolicyProblem[]): Age {
  const duration = parseDuration(text);
  if (duration.ok) return { kind: 'older-than', ms: duration.ms, text: text.trim() };
  problems.push({ input, path, problem: duration.problem, fix: duration.fix });
  return { kind: 'older-than', ms: 0, text };
}

export function checkedGlobs(globs: string[], input: string, path: string, problems: PolicyProblem[]): string[] {
  return globs.map((glob, index) => {
    const check = checkGlob(glob);
    const at = globs.length > 1 ? `${path}[${index}]` : path;
    if (!check.ok) problems.push({ input, path: at, problem: check.problem, fix: check.fix });
    return glob;
  });
}

/**
 * zod/mini carries no message texts (its locales are a separate import), so the few issues a
 * policy can raise are worded here, naming the field and what was found.
 */
const UNITS: Record<string, string> = { array: ' items', string: ' characters' };

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_type':
      return ['int', 'number'].includes(issue.expected) ? 'must be a whole number' : `must be a ${issue.expected}`;
    case 'invalid_union':
      return 'must be a string or a list of strings';
    case 'invalid_value':
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${UNITS[issue.origin] ?? ''}`;
    default:
      return issue.message;
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  const segment = (part: PropertyKey, index: number) =>
    typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`;
  return path.map(segment).join('');
}

function fail(problems: PolicyProblem[]): PolicyResult {
  return { ok: false, problems };
}
