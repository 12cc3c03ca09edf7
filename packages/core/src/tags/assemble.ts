import { InputError } from '../errors/index.ts';
import { evaluateRule, renderAffix, type Evaluation } from './evaluate.ts';
import { ExpressionError } from './expression-error.ts';
import { globalScope, renderTemplate } from './expressions.ts';
import { parseFlavor } from './flavor.ts';
import { parseTagRules, sortByPriority } from './parse-rules.ts';
import { isPrereleaseRelease } from './ref-facts.ts';
import { sanitizeTag } from './sanitize.ts';
import type { Context, Flavor, TagOptions, TagRule, TagsResult } from './types.ts';

interface Produced {
  /** The value before sanitizing, to tell a real collision from a plain duplicate. */
  raw: string;
  rule: TagRule;
}

/**
 * The whole tag computation, as docker/metadata-action does it: rules by priority, the first
 * value is the main version and the rest partial, the first rule with a value decides
 * `latest` under latest=auto, then the flavor's prefix/suffix on `latest`, deduplicated.
 */
export function computeTags(
  input: { tags: string; flavor: string },
  context: Context,
  options: TagOptions = {},
): TagsResult {
  const rules = sortByPriority(parseTagRules(input.tags));
  const flavor = parseFlavor(input.flavor);
  const warnings: string[] = [];
  const scope = globalScope(context, options, (message) => warnings.push(`tags: ${message}`));
  const flavorPrefix = blaming('flavor', `prefix=${flavor.prefix}`, () => renderAffix('prefix', flavor.prefix, scope));
  const flavorSuffix = blaming('flavor', `suffix=${flavor.suffix}`, () => renderAffix('suffix', flavor.suffix, scope));
  const evaluation: Evaluation = { context, options, flavorPrefix, flavorSuffix, scope };

  let main: string | undefined;
  const partial: string[] = [];
  let latest: boolean | undefined;
  let latestRule: { rule: TagRule; entry: TagsResult['explain'][number] } | undefined;
  const produced = new Map<string, Produced>();
  const explain: TagsResult['explain'] = [];

  for (const rule of rules) {
    const outcome = blaming('tags', rule.line, () => {
      const enabled = renderTemplate(rule.enable, evaluation.scope);
      if (enabled !== 'true' && enabled !== 'false') {
        throw new ExpressionError(
          `enable=${rule.enable} gave "${enabled}", not true or false`,
          'Make the expression give true or false.',
        );
      }
      if (enabled === 'false')
        return { reason: rule.enable === 'false' ? 'enable=false' : `enable=${rule.enable} gave false` };
      return evaluateRule(rule, evaluation);
    });
    if ('reason' in outcome) {
      explain.push({ rule: rule.line, tags: [], reason: outcome.reason });
      continue;
    }
    const tag = sanitizeTag(outcome.value);
    if (tag === '') {
      explain.push({
        rule: rule.line,
        tags: [],
        reason: `type=${rule.type}: ${JSON.stringify(outcome.value)} has no characters a tag can hold`,
      });
      continue;
    }
    const earlier = produced.get(tag);
    if (earlier && earlier.raw !== outcome.value && earlier.rule !== rule) {
      throw new InputError(
        'tags',
        rule.line,
        `this rule gives "${outcome.value}" and the rule "${earlier.rule.line}" gives "${earlier.raw}"; ` +
          `both become the tag "${tag}" once made valid, so one would overwrite the other`,
        'Change a prefix, suffix or value so the two rules give different tags, or disable one with enable=.',
      );
    }
    if (!earlier) produced.set(tag, { raw: outcome.value, rule });
    if (main === undefined) main = tag;
    else if (tag !== main && !partial.includes(tag)) partial.push(tag);
    const entry = { rule: rule.line, tags: [tag] };
    explain.push(entry);
    if (latest === undefined) {
      latest = decideLatest(flavor, outcome.latest, context);
      latestRule = { rule, entry };
    }
  }

  const tags: TagsResult['tags'] = [];
  if (main !== undefined) {
    const ruleOf = (tag: string): string => produced.get(tag)?.rule.line ?? '';
    tags.push({ value: main, rule: ruleOf(main) }, ...partial.map((tag) => ({ value: tag, rule: ruleOf(tag) })));
    if (latest && latestRule) {
      const latestTag = sanitizeTag(
        `${flavor.prefixLatest ? flavorPrefix.text : ''}latest${flavor.suffixLatest ? flavorSuffix.text : ''}`,
      );
      if (!tags.some((tag) => tag.value === latestTag)) tags.push({ value: latestTag, rule: latestRule.rule.line });
      if (!latestRule.entry.tags.includes(latestTag)) latestRule.entry.tags.push(latestTag);
    }
  }
  return { version: { main, partial, latest: latest ?? false }, tags, explain, warnings };
}

/**
 * latest=auto follows the first rule with a value (semver, pep440, match and ref event=tag
 * say yes for a release version). Ours adds: never for a GitHub release marked prerelease.
 */
function decideLatest(flavor: Flavor, ruleSays: boolean, context: Context): boolean {
  if (flavor.latest === 'true') return true;
  if (flavor.latest === 'false') return false;
  return ruleSays && !isPrereleaseRelease(context);
}

/** Template errors surface as an InputError on the input line that holds the template. */
function blaming<T>(input: string, line: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ExpressionError) throw new InputError(input, line, error.problem, error.fix);
    throw error;
  }
}
