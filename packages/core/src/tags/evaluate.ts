import { renderTemplate, type Scope } from './expressions.ts';
import { compileMatchPattern } from './match-pattern.ts';
import { none, type Outcome } from './outcome.ts';
import { pep440Tag } from './pep440-tags.ts';
import { branchName, commitSha, effectiveRef, pullRequestId, shortSha, tagName } from './ref-facts.ts';
import { semverTag } from './semver-tags.ts';
import type { Context, TagOptions, TagRule } from './types.ts';

export interface Evaluation {
  context: Context;
  options: TagOptions;
  /** The flavor's prefix and suffix, rendered once (their errors name the flavor input). */
  flavorPrefix: Affix;
  flavorSuffix: Affix;
  scope: Scope;
}

/**
 * One rule against the context. The value comes back with prefix and suffix applied (a rule's
 * own, even empty, wins over the flavor's, as upstream) but not sanitized; `latest` is what
 * `latest=auto` would decide if this rule comes first.
 */
export function evaluateRule(rule: TagRule, evaluation: Evaluation): Outcome {
  const outcome = coreValue(rule, evaluation);
  if ('reason' in outcome) return { reason: `type=${rule.type}: ${outcome.reason}` };
  if (outcome.value === '') return { reason: `type=${rule.type}: the value is empty` };
  const prefix =
    rule.prefix === undefined ? evaluation.flavorPrefix : renderAffix('prefix', rule.prefix, evaluation.scope);
  const suffix =
    rule.suffix === undefined ? evaluation.flavorSuffix : renderAffix('suffix', rule.suffix, evaluation.scope);
  // `type=sha,prefix={{branch}}-` on a tag push would give `-<sha>`, a tag nobody asked for
  // (and not a valid one); upstream emits it as it is, we emit none and say why.
  for (const affix of [prefix, suffix]) {
    if (affix.empty.length > 0) {
      const would = `${prefix.text}${outcome.value}${suffix.text}`;
      return {
        reason:
          `type=${rule.type}: ${affix.empty.join(', ')} in ${affix.name}=${affix.template} is empty here, ` +
          `so the tag would be "${would}"`,
      };
    }
  }
  return { value: `${prefix.text}${outcome.value}${suffix.text}`, latest: outcome.latest };
}

/** A rendered prefix or suffix, with the expressions in it that rendered empty. */
export interface Affix {
  name: 'prefix' | 'suffix';
  template: string;
  text: string;
  empty: string[];
}

export function renderAffix(name: Affix['name'], template: string, scope: Scope): Affix {
  const empty: string[] = [];
  const watched: Scope = {};
  for (const [key, helper] of Object.entries(scope)) {
    watched[key] = (expression) => {
      const value = helper(expression);
      if (value === '') empty.push(expression.source);
      return value;
    };
  }
  return { name, template, text: renderTemplate(template, watched), empty };
}

function coreValue(rule: TagRule, { context, options, scope }: Evaluation): Outcome {
  const ref = effectiveRef(context);
  const refLabel = ref === '' ? 'there is no ref' : `ref ${ref}`;
  switch (rule.type) {
    case 'schedule':
      if (!context.eventName.includes('schedule'))
        return none(`event ${context.eventName || '(none)'} is not schedule`);
      return { value: renderTemplate(rule.pattern, scope), latest: false };

    case 'semver':
    case 'pep440': {
      let source = versionSource(rule, context, scope);
      if (source === undefined) return none(`${refLabel} is not a tag (and no value= is given)`);
      if (source === '') return none(`value=${rule.value} rendered empty`);
      if (rule.match !== '') {
        const pattern = compileMatchPattern(rule.match);
        const found = pattern instanceof Error ? null : pattern.exec(source);
        if (!found) return none(`match=${rule.match} does not match ${source}`);
        source = found[1] ?? found[0];
      }
      // Upstream turns `/` into `-` for semver and pep440 (after match=), not for match.
      source = source.replace(/\//g, '-');
      return rule.type === 'semver' ? semverTag(rule, source, scope) : pep440Tag(rule, source, scope);
    }

    case 'match': {
      const source = versionSource(rule, context, scope);
      if (source === undefined) return none(`${refLabel} is not a tag (and no value= is given)`);
      if (source === '') return none(`value=${rule.value} rendered empty`);
      const pattern = compileMatchPattern(rule.pattern);
      if (pattern instanceof Error) return none(`pattern ${rule.pattern} is not valid`);
      const match = pattern.exec(source);
      if (!match) return none(`pattern ${rule.pattern} does not match ${source}`);
      const group = match[rule.group];
      if (group === undefined)
        return none(`group ${rule.group} does not exist (or did not take part) in pattern ${rule.pattern}`);
      return { value: group, latest: true };
    }

    case 'edge': {
      const branch = branchName(context);
      if (branch === undefined) return none(`${refLabel} is not a branch`);
      const edgeBranch = rule.branch || context.repository.defaultBranch;
      if (edgeBranch === '') return none('no branch= given and the default branch is unknown');
      if (branch !== edgeBranch) return none(`branch ${branch} is not the edge branch ${edgeBranch}`);
      return { value: 'edge', latest: false };
    }

    case 'ref':
      switch (rule.event) {
        case 'branch': {
          const branch = branchName(context);
          return branch === undefined ? none(`${refLabel} is not a branch`) : { value: branch, latest: false };
        }
        case 'tag': {
          const tag = tagName(context);
          return tag === undefined ? none(`${refLabel} is not a tag`) : { value: tag, latest: true };
        }
        default: {
          const pr = pullRequestId(context);
          return pr === undefined ? none(`${refLabel} is not a pull request`) : { value: pr, latest: false };
        }
      }

    case 'raw':
      return { value: renderTemplate(rule.value, scope), latest: false };

    case 'sha': {
      const sha = commitSha(context, options);
      if (sha === '') return none('the context has no commit sha');
      return { value: rule.format === 'short' ? shortSha(sha, options) : sha, latest: false };
    }
  }
}

/** The version a semver/pep440/match rule reads: its value= when given, else the pushed tag. */
function versionSource(rule: TagRule, context: Context, scope: Scope): string | undefined {
  if (rule.value !== '') return renderTemplate(rule.value, scope);
  return tagName(context);
}
