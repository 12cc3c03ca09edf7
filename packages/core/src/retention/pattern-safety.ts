/**
 * Limits on the tag patterns a policy may hold. A policy can come from any workflow file, and
 * the planner runs every pattern against every tag of every version, so a pattern that
 * backtracks exponentially would stall the run (ReDoS).
 * https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
 *
 * OCI tags are at most 128 characters, which bounds polynomial backtracking (`\d+\d+`); the
 * exponential kind needs a repeated group whose body can itself repeat or match the same text
 * two ways, and that is what this check refuses.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
 */
export const MAX_GLOB_LENGTH = 256;
export const MAX_REGEX_LENGTH = 256;

export type PatternCheck = { ok: true } | { ok: false; problem: string; fix: string };

export function checkGlob(glob: string): PatternCheck {
  if (glob.length === 0)
    return { ok: false, problem: 'is an empty glob', fix: 'Remove it, or use * to match every tag.' };
  if (glob.length > MAX_GLOB_LENGTH) {
    return {
      ok: false,
      problem: `is longer than ${MAX_GLOB_LENGTH} characters`,
      fix: 'Tags are at most 128 characters; shorten the glob.',
    };
  }
  return { ok: true };
}

export function checkRegex(source: string): PatternCheck {
  if (source.length === 0)
    return { ok: false, problem: 'is an empty regex', fix: "Remove it, or use tags: ['*'] to match every tag." };
  if (source.length > MAX_REGEX_LENGTH) {
    return {
      ok: false,
      problem: `is longer than ${MAX_REGEX_LENGTH} characters`,
      fix: 'Split it into several rules, or use globs.',
    };
  }
  try {
    new RegExp(source, 'u');
  } catch (error) {
    return {
      ok: false,
      problem: `is not a valid regular expression (${(error as Error).message})`,
      fix: 'Check the JavaScript regex syntax (the u flag is on).',
    };
  }
  const hazard = backtrackingHazard(source);
  return hazard
    ? { ok: false, problem: `could take exponential time to match (${hazard})`, fix: REDOS_FIX }
    : { ok: true };
}

const REDOS_FIX =
  'Rewrite it without a repeated group that repeats inside ' +
  '(e.g. use ^v[0-9.]+$ rather than ^(v?[0-9]+\\.?)+$), or list the tags as globs.';

interface Group {
  /** An unbounded quantifier (`*`, `+`, `{n,}`, `{n,m}` with m > 1) somewhere inside. */
  repeats: boolean;
  alternation: boolean;
}

/**
 * A small scan of the regex source, enough to spot nested quantifiers `(a+)+`, quantified
 * alternations `(a|ab)*`, and backreferences. It errs on the side of refusing: a pattern it
 * refuses can always be written another way.
 */
function backtrackingHazard(source: string): string | undefined {
  const stack: Group[] = [{ repeats: false, alternation: false }];
  let closed: Group | undefined;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    const top = stack[stack.length - 1]!;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'a backreference';
      i += 1;
      closed = undefined;
      continue;
    }
    if (char === '[') {
      // Skip a character class; quantifiers inside it are literal characters.
      i += 1;
      if (source[i] === '^') i += 1;
      if (source[i] === ']') i += 1;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      closed = undefined;
      continue;
    }
    if (char === '(') {
      stack.push({ repeats: false, alternation: false });
      // Group modifiers (?: (?= (?! (?<= (?<! (?<name> are not quantifiers.
      const modifier = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i + 1));
      if (modifier) i += modifier[0].length;
      closed = undefined;
      continue;
    }
    if (char === ')') {
      closed = stack.pop();
      const parent = stack[stack.length - 1];
      if (closed && parent) parent.repeats ||= closed.repeats;
      continue;
    }
    if (char === '|') {
      top.alternation = true;
      closed = undefined;
      continue;
    }
    const quantifier = readQuantifier(source, i);
    if (quantifier) {
      if (quantifier.unbounded) {
        if (closed?.repeats) return 'a repeated group that repeats inside';
        if (closed?.alternation) return 'a repeated group of alternatives';
        top.repeats = true;
      }
      i = quantifier.end;
      if (source[i + 1] === '?') i += 1;
      closed = undefined;
      continue;
    }
    closed = undefined;
  }
  return undefined;
}

function readQuantifier(source: string, at: number): { unbounded: boolean; end: number } | undefined {
  const char = source[at];
  if (char === '*' || char === '+') return { unbounded: true, end: at };
  if (char === '?') return { unbounded: false, end: at };
  if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
    if (!match) return undefined;
    const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
    return { unbounded: max > 1, end: at + match[0].length - 1 };
  }
  return undefined;
}
