// Single functions, not the whole package, to keep the meta bundle small.
import parseSemver from 'semver/functions/parse.js';
import validSemver from 'semver/functions/valid.js';
import { plain, renderTemplate, type Helper, type Scope } from './expressions.ts';
import { none, type Outcome } from './outcome.ts';
import type { TagRule } from './types.ts';

/** What a semver pattern may use beside the global expressions. */
export const SEMVER_EXPRESSIONS = ['raw', 'version', 'major', 'minor', 'patch', 'prerelease', 'build'] as const;

/**
 * type=semver. A prerelease only ever gets its full version (or `{{raw}}` when that is the
 * whole pattern), never `{{major}}` or `{{major}}.{{minor}}`, and never `latest`, as upstream:
 * https://github.com/docker/metadata-action#typesemver
 */
export function semverTag(rule: TagRule, source: string, global: Scope): Outcome {
  // Strict validity, loose parse: upstream's combination, so `v1.2.3` passes but `1.2` does not.
  if (!validSemver(source)) return none(`${source} is not a valid semver version (https://semver.org)`);
  const parsed = parseSemver(source, { loose: true });
  if (!parsed) return none(`${source} is not a valid semver version (https://semver.org)`);
  const scope: Scope & Record<(typeof SEMVER_EXPRESSIONS)[number], Helper> = {
    ...global,
    raw: plain(() => parsed.raw),
    version: plain(() => parsed.version),
    major: plain(() => String(parsed.major)),
    minor: plain(() => String(parsed.minor)),
    patch: plain(() => String(parsed.patch)),
    prerelease: plain(() => parsed.prerelease.join('.')),
    build: plain(() => parsed.build.join('.')),
  };
  if (parsed.prerelease.length > 0) {
    return { value: renderTemplate(isRawStatement(rule.pattern) ? rule.pattern : '{{version}}', scope), latest: false };
  }
  return { value: renderTemplate(rule.pattern, scope), latest: true };
}

/** True when the pattern is exactly `{{raw}}`: the one pattern a prerelease keeps. */
export function isRawStatement(pattern: string): boolean {
  return /^\{\{\{?\s*raw\s*\}?\}\}$/.test(pattern.trim());
}
