/**
 * The `rel="next"` target of an RFC 8288 Link header, as distribution sends it for tag
 * pagination: `</v2/name/tags/list?last=b&n=2>; rel="next"`. Undefined when there is none.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-tags
 */
export function nextLink(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const params = match[2] ?? '';
    if (/;\s*rel\s*=\s*"?(?:[^";,]*\s)?next(?:\s[^";,]*)?"?/i.test(params)) return match[1];
  }
  return undefined;
}
