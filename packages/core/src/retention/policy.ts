/**
 * A retention policy, normalized: the one shape both the YAML form and the shorthand inputs
 * become, and the one the planner reads. Plain data, so a saved plan can carry it.
 */
export interface Policy {
  /** Globs; a version with a matching tag is kept, with everything it reaches. */
  protectTags: string[];
  /** A tag takes the first rule that matches it; a tag no rule matches keeps its image. */
  rules: RetentionRule[];
  /** The newest N tagged images are kept whatever the rules say. */
  keepNTagged?: number;
  untagged: Retention<'keep' | 'delete'>;
  /** The newest N untagged images are kept whatever `untagged` says. */
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
