import { formatDuration } from './duration.ts';
import type { Policy, Retention } from './policy.ts';
import type { Reason } from './plan.ts';
import { tagMatcher } from './tag-pattern.ts';

/** Whether a version's own tags (or lack of them) make it a root, and why. */
export interface OwnDecision {
  keep: boolean;
  reasons: Reason[];
}

export interface CompiledPolicy {
  isProtected(tag: string): boolean;
  /** keep-n-tagged with no rules: every tag not protected is due, the newest N held back. */
  keepN?: number;
  rules: Array<{ name: string; matches(tag: string): boolean; keep: Retention<'forever'> }>;
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  return {
    isProtected: tagMatcher(policy.protectTags),
    rules: policy.rules.map((rule) => ({ ...rule, matches: tagMatcher(rule.tags, rule.tagsRegex) })),
    ...(policy.keepNTagged !== undefined && policy.rules.length === 0 && { keepN: policy.keepNTagged }),
  };
}

/**
 * An image is due only when every one of its tags is due: GHCR has no tag delete, so one tag
 * still in retention keeps the whole version. A tag no rule matches keeps its image, unless the
 * policy is keep-n-tagged alone (no rules): then every tag not protected is due.
 */
export function decideTagged(tags: string[], changedAt: number, now: number, policy: CompiledPolicy): OwnDecision {
  const keepReasons: Reason[] = [];
  const dueReasons: Reason[] = [];
  for (const tag of tags) {
    if (policy.isProtected(tag)) {
      keepReasons.push({ code: 'protected', tag, message: `tag ${tag} is protected` });
      continue;
    }
    const rule = policy.rules.find((candidate) => candidate.matches(tag));
    if (!rule && policy.keepN !== undefined) {
      const n = policy.keepN;
      const message = `tag ${tag}: not one of the ${n} newest tagged images (keep-n-tagged: ${n})`;
      dueReasons.push({ code: 'keep-n-exceeded', tag, message });
      continue;
    }
    if (!rule) {
      keepReasons.push({ code: 'no-rule', tag, message: `no rule matches tag ${tag}` });
      continue;
    }
    const byRule = (code: Reason['code'], message: string): Reason => ({ code, tag, rule: rule.name, message });
    if (rule.keep.kind === 'forever') {
      keepReasons.push(byRule('rule-forever', `tag ${tag}: rule ${rule.name} keeps it forever`));
      continue;
    }
    const dueAt = changedAt + rule.keep.ms;
    if (now < dueAt) {
      keepReasons.push(byRule('rule-not-due', `tag ${tag}: rule ${rule.name} keeps it until ${isoDate(dueAt)}`));
    } else {
      dueReasons.push(byRule('rule-due', `tag ${tag}: older than ${formatDuration(rule.keep.ms)} (rule ${rule.name})`));
    }
  }
  return keepReasons.length ? { keep: true, reasons: keepReasons } : { keep: false, reasons: dueReasons };
}

export function decideUntagged(changedAt: number, now: number, untagged: Policy['untagged']): OwnDecision {
  const decision = (keep: boolean, code: Reason['code'], message: string): OwnDecision => ({
    keep,
    reasons: [{ code, message }],
  });
  if (untagged.kind === 'keep') return decision(true, 'untagged-kept', 'untagged images are kept (untagged: keep)');
  if (untagged.kind === 'delete') return decision(false, 'untagged-due', 'untagged image (untagged: delete)');
  const dueAt = changedAt + untagged.ms;
  return now < dueAt
    ? decision(true, 'untagged-not-due', `untagged image kept until ${isoDate(dueAt)}`)
    : decision(false, 'untagged-due', `untagged image older than ${formatDuration(untagged.ms)}`);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}
