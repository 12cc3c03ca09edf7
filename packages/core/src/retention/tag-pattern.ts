/**
 * Tag globs: `*` is any run of characters, `?` one character, everything else literal. The
 * same syntax the peer actions accept in `delete-tags` and `exclude-tags`.
 */
export function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'su');
}

/** One matcher for a rule's globs and regex: a tag matches when any of them does. */
export function tagMatcher(globs: readonly string[], regex?: string): (tag: string) => boolean {
  const patterns = globs.map(globToRegExp);
  if (regex) patterns.push(new RegExp(regex, 'u'));
  return (tag) => patterns.some((pattern) => pattern.test(tag));
}

/**
 * Tags that point at another manifest's referrers rather than name an image: the OCI
 * referrers tag schema `sha256-<hex>`, and cosign's `sha256-<hex>.sig|.att|.sbom`.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#referrers-tag-schema
 * https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md
 */
const REFERRER_TAG = /^sha256-([0-9a-f]{64})(?:\.[a-z0-9]+)?$/;

/** The subject digest a referrer tag points at, or undefined for an ordinary tag. */
export function referrerTagSubject(tag: string): string | undefined {
  const match = REFERRER_TAG.exec(tag);
  return match ? `sha256:${match[1]}` : undefined;
}
