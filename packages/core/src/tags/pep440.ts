/**
 * The part of PEP 440 the pep440 tag type needs: parse, normalize, and the release numbers.
 * The pattern is the one the spec gives for parsing non-normalized versions:
 * https://peps.python.org/pep-0440/#appendix-b-parsing-version-strings-with-regular-expressions
 */
const VERSION = new RegExp(
  '^\\s*v?' +
    '(?:(?<epoch>[0-9]+)!)?' +
    '(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?<pre>[-_.]?(?<preL>alpha|beta|preview|pre|a|b|c|rc)[-_.]?(?<preN>[0-9]+)?)?' +
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?' +
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
    '\\s*$',
  'i',
);

export interface Pep440Version {
  epoch: number;
  release: number[];
  pre?: { label: 'a' | 'b' | 'rc'; number: number };
  post?: number;
  dev?: number;
  local?: string;
}

export function parsePep440(input: string): Pep440Version | undefined {
  const groups = VERSION.exec(input)?.groups;
  if (!groups) return undefined;
  const version: Pep440Version = {
    epoch: Number(groups.epoch ?? 0),
    release: (groups.release ?? '').split('.').map(Number),
  };
  if (groups.pre) version.pre = { label: preLabel(groups.preL ?? ''), number: Number(groups.preN ?? 0) };
  if (groups.post) version.post = Number(groups.postN1 ?? groups.postN2 ?? 0);
  if (groups.dev) version.dev = Number(groups.devN ?? 0);
  if (groups.local) version.local = groups.local.toLowerCase().replace(/[-_]/g, '.');
  return version;
}

// https://peps.python.org/pep-0440/#pre-release-spelling
function preLabel(label: string): 'a' | 'b' | 'rc' {
  const lower = label.toLowerCase();
  if (lower === 'a' || lower === 'alpha') return 'a';
  if (lower === 'b' || lower === 'beta') return 'b';
  return 'rc';
}

/** The normalized form: `1.2.3rc2`, `1.2.3.post1`, `1.0.dev4`, `1!2.0+local.1`. */
export function normalizePep440(version: Pep440Version): string {
  let out = version.epoch !== 0 ? `${version.epoch}!` : '';
  out += version.release.join('.');
  if (version.pre) out += `${version.pre.label}${version.pre.number}`;
  if (version.post !== undefined) out += `.post${version.post}`;
  if (version.dev !== undefined) out += `.dev${version.dev}`;
  if (version.local) out += `+${version.local}`;
  return out;
}

/** Pre-, post- and dev-releases only ever get their full version as a tag, as upstream. */
export function isPep440Prerelease(version: Pep440Version): boolean {
  return version.pre !== undefined || version.post !== undefined || version.dev !== undefined;
}
