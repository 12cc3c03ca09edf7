/**
 * A retention policy, normalized: the one shape both the YAML form and the shorthand inputs
 * become, and the one the planner reads. Plain data, so a saved plan can carry it.
 */
export interface Policy {
  /** Globs; a version with a matching tag is kept, with everything it reaches. */
  protectTags: string[];
  /** A tag takes the first rule that matches it; a tag no rule matches keeps its image. */
  rules: RetentionRule[];
  /**
   * Of the tagged images the policy would delete, the newest N (by `created_at`) stay: N besides
   * those protected or held by a rule. With no rules, every tag not protected is due, so this
   * alone means "delete the tagged images beyond the newest N".
   */
  keepNTagged?: number;
  untagged: Retention<'keep' | 'delete'>;
  /** Of the top-level untagged images `untagged` would delete, the newest N stay. */
  keepNUntagged?: number;
}

export interface RetentionRule {
  name: string;
  /** Globs (`*`, `?`). */
  tags: string[];
  tagsRegex?: string;
  keep: Retention<'forever'>;
}

/** Keep for ever (or never), or until the version is older than a duration. */
export type Retention<Fixed extends string> = (Fixed extends string ? { kind: Fixed } : never) | Age;

export interface Age {
  kind: 'older-than';
  ms: number;
  /** As the user wrote it, for messages. */
  text: string;
}

/** A problem found in a policy: where, what, and what to write instead. */
export interface PolicyProblem {
  /** The input that held it (`policy`, `policy-file`, `older-than`, …). */
  input: string;
  /** Where inside it, e.g. `rules[1].older-than`; empty for the whole input. */
  path: string;
  problem: string;
  fix: string;
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] };
