import { plain, renderTemplate, type Helper, type Scope } from './expressions.ts';
import { none, type Outcome } from './outcome.ts';
import { isPep440Prerelease, normalizePep440, parsePep440 } from './pep440.ts';
import { isRawStatement } from './semver-tags.ts';
import type { TagRule } from './types.ts';

/** What a pep440 pattern may use beside the global expressions. */
export const PEP440_EXPRESSIONS = ['raw', 'version', 'major', 'minor', 'patch'] as const;

/**
 * type=pep440. Pre-, post- and dev-releases get only their normalized version (or the raw
 * tag with `{{raw}}`) and never `latest`, as upstream:
 * https://github.com/docker/metadata-action#typepep440
 */
export function pep440Tag(rule: TagRule, source: string, global: Scope): Outcome {
  const parsed = parsePep440(source);
  if (!parsed) return none(`${source} does not conform to PEP 440 (https://peps.python.org/pep-0440/)`);
  const normalized = normalizePep440(parsed);
  if (isPep440Prerelease(parsed)) {
    return { value: isRawStatement(rule.pattern) ? source : normalized, latest: false };
  }
  const scope: Scope & Record<(typeof PEP440_EXPRESSIONS)[number], Helper> = {
    ...global,
    raw: plain(() => source),
    version: plain(() => normalized),
    major: plain(() => String(parsed.release[0] ?? 0)),
    minor: plain(() => String(parsed.release[1] ?? 0)),
    patch: plain(() => String(parsed.release[2] ?? 0)),
  };
  return { value: renderTemplate(rule.pattern, scope), latest: true };
}
