/**
 * Path globs as workflow `paths:` filters write them: `**` crosses directories, `*` and `?`
 * stay inside one path segment (unlike tag globs in retention/, where `*` is any run).
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet
 */
export function pathGlobToRegExp(glob: string): RegExp {
  const clean = glob.replace(/^\.\//, '');
  let body = '';
  for (let i = 0; i < clean.length; i++) {
    const char = clean[i]!;
    if (char === '*' && clean[i + 1] === '*') {
      // `dir/**` matches everything below dir; `**/x` matches x at any depth.
      const slash = clean[i + 2] === '/';
      body += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') body += '[^/]*';
    else if (char === '?') body += '[^/]';
    else body += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, 'u');
}

export function matchesAnyPath(path: string, globs: readonly RegExp[]): boolean {
  return globs.some((glob) => glob.test(path));
}
