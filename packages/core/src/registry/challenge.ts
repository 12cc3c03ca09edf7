/** A parsed `WWW-Authenticate` challenge. Parameter names are lowercased. */
export interface Challenge {
  scheme: 'basic' | 'bearer' | string;
  params: Record<string, string>;
}

/**
 * Parses the first challenge of a `WWW-Authenticate` header, e.g.
 * `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull"`.
 * Scopes hold commas inside quotes, so this reads quoted strings, not comma-splits.
 * https://datatracker.ietf.org/doc/html/rfc9110#name-www-authenticate and
 * https://distribution.github.io/distribution/spec/auth/token/
 */
export function parseChallenge(header: string | null | undefined): Challenge | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const schemeMatch = /^([A-Za-z][A-Za-z0-9._~+/-]*)\s*/.exec(text);
  if (!schemeMatch) return undefined;
  const scheme = schemeMatch[1]!.toLowerCase();
  const params: Record<string, string> = {};
  let i = schemeMatch[0].length;
  while (i < text.length) {
    const nameMatch = /^[\s,]*([A-Za-z0-9._~+/-]+)\s*=\s*/.exec(text.slice(i));
    if (!nameMatch) break;
    i += nameMatch[0].length;
    const name = nameMatch[1]!.toLowerCase();
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      i++;
    } else {
      const end = text.slice(i).search(/[\s,]/);
      value = end < 0 ? text.slice(i) : text.slice(i, i + end);
      i += value.length;
    }
    // A second challenge starts with a bare scheme token; stop at it.
    if (name in params) break;
    params[name] = value;
  }
  return { scheme, params };
}

/** `repository:<name>:<actions>`, the scope grammar of the token spec. */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`;
}
