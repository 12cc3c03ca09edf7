import type { Policy } from './policy.ts';

/**
 * What a policy says about itself, before any version is looked at: a rule that can never
 * match, a keep-n that has nothing to act on, or a policy that as written can delete nothing.
 * A run that deletes nothing for one of these reasons says so, instead of a quiet
 * "deleted 0 versions" while versions are due.
 */
export function policyWarnings(policy: Policy, outcome: { deletesNothing: boolean }): string[] {
  const warnings: string[] = [];
  const everyTag = policy.rules.findIndex((rule) => rule.tags.includes('*'));
  for (const [at, rule] of policy.rules.entries()) {
    if (everyTag >= 0 && at > everyTag) {
      const shadowing = policy.rules[everyTag]!.name;
      const why = `rule ${shadowing} before it matches every tag ('*')`;
      warnings.push(`policy: rule ${rule.name} never applies: ${why}. Move it up.`);
    }
  }
  const protectsAll = policy.protectTags.includes('*');
  const ruleCanDelete = policy.rules.some((rule) => rule.keep.kind === 'older-than');
  const taggedCanGo =
    !protectsAll && (ruleCanDelete || (policy.rules.length === 0 && policy.keepNTagged !== undefined));
  const untaggedCanGo = policy.untagged.kind !== 'keep';
  if (policy.keepNTagged !== undefined && policy.rules.length > 0 && !ruleCanDelete) {
    const n = policy.keepNTagged;
    warnings.push(
      `policy: keep-n-tagged: ${n} has nothing to act on: every rule keeps its tags forever. ` +
        `Remove the rules to delete the tagged images beyond the newest ${n}, or give a rule older-than.`,
    );
  }
  if (!outcome.deletesNothing || taggedCanGo || untaggedCanGo) return warnings;
  const why = protectsAll
    ? "protect-tags has '*', which protects every tag"
    : policy.rules.length
      ? 'no rule has older-than'
      : 'it has no rules and no keep-n-tagged';
  warnings.push(
    `policy: as written it deletes nothing: ${why}, and untagged images are kept (untagged: keep is the default). ` +
      'Add keep-n-tagged, a rule with older-than, or untagged: delete; ' +
      'see the policy format in actions/cleanup/README.md.',
  );
  return warnings;
}
