import type { Context } from './context.ts';

export interface GitFacts {
  ref: string;
  sha: string;
  commitDate?: Date;
}

/**
 * Reads ref, sha and commit time from a local checkout: the `context: git` input of
 * docker/metadata-action, and the CLI's preview. A detached HEAD that sits on a tag is
 * treated as that tag, which is how a tag build checks out.
 */
export function readGitFacts(cwd: string): GitFacts | undefined {
  // Loaded here, not at the top: child_process costs every meta run a few milliseconds of
  // start-up, and only `context: git` needs it.
  const { execFileSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let sha: string;
  try {
    sha = git('rev-parse', 'HEAD');
  } catch {
    return undefined;
  }
  let ref = '';
  try {
    ref = git('symbolic-ref', 'HEAD');
  } catch {
    const tags = safe(() => git('tag', '--points-at', 'HEAD'))
      .split('\n')
      .filter(Boolean)
      .sort();
    ref = tags.length > 0 ? `refs/tags/${tags[tags.length - 1]}` : '';
  }
  const stamp = safe(() => git('log', '-1', '--format=%cI'));
  const commitDate = stamp ? new Date(stamp) : undefined;
  return { ref, sha, ...(commitDate && !Number.isNaN(commitDate.getTime()) && { commitDate }) };
}

/** The workflow's context with the checkout's ref, sha and commit time in place. */
export function withGitFacts(context: Context, facts: GitFacts): Context {
  return {
    ...context,
    ref: facts.ref || context.ref,
    sha: facts.sha,
    ...(facts.commitDate && { commitDate: facts.commitDate }),
  };
}

function safe(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}
