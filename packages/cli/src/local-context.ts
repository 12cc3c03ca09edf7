import { execFileSync } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { contextFromEnv, readGitFacts, type Context } from '@ghcr-kit/core/context';

export interface LocalFlags {
  event?: string;
  ref?: string;
  sha?: string;
  repo?: string;
  'default-branch'?: string;
  pr?: string;
  'head-ref'?: string;
  'base-ref'?: string;
  prerelease?: boolean;
  input?: string[];
  cwd?: string;
}

export interface LocalRun {
  /** The GITHUB_* variables a runner would set for this event. */
  env: Record<string, string>;
  payload: Record<string, unknown>;
  notes: string[];
}

/**
 * A Context for a run that has not happened: flags first, then the local checkout, then
 * defaults. Never touches the network, so previews work offline and in any clone.
 */
export function localContext(
  flags: LocalFlags,
  env: Record<string, string | undefined>,
): { context: Context; notes: string[] } {
  const run = localRun(flags, env);
  return { context: contextFromEnv(run.env, run.payload), notes: run.notes };
}

/** The runner environment and event payload of a run that has not happened. */
export function localRun(flags: LocalFlags, env: Record<string, string | undefined>): LocalRun {
  const notes: string[] = [];
  const cwd = resolve(flags.cwd ?? '.');
  const git = readGitFacts(cwd);
  const [owner, name] = (flags.repo ?? repoFromRemote(cwd) ?? '').split('/');
  const repoOwner = owner || 'local';
  const repoName = name || basename(cwd);
  if (!flags.repo && !owner)
    notes.push(`no GitHub remote found: using ${repoOwner}/${repoName} (pass --repo owner/name)`);
  const eventName = flags.event ?? (flags.pr ? 'pull_request' : 'push');
  const defaultBranch = flags['default-branch'] ?? 'main';
  const sha = flags.sha ?? git?.sha ?? '0000000000000000000000000000000000000000';
  let ref = flags.ref ?? git?.ref ?? `refs/heads/${defaultBranch}`;
  if (flags.pr && !flags.ref) ref = `refs/pull/${flags.pr}/merge`;
  if (ref && !ref.startsWith('refs/')) ref = `refs/heads/${ref}`;

  const payload: Record<string, unknown> = {
    repository: {
      name: repoName,
      full_name: `${repoOwner}/${repoName}`,
      owner: { login: repoOwner },
      html_url: `https://github.com/${repoOwner}/${repoName}`,
      default_branch: defaultBranch,
    },
  };
  if (flags.pr) {
    payload.number = Number(flags.pr);
    payload.pull_request = {
      number: Number(flags.pr),
      head: { ref: flags['head-ref'] ?? 'feature', sha },
      base: { ref: flags['base-ref'] ?? defaultBranch },
    };
  }
  if (eventName === 'release' && ref.startsWith('refs/tags/')) {
    payload.release = { tag_name: ref.slice('refs/tags/'.length), prerelease: flags.prerelease === true, draft: false };
  }
  if (flags.input?.length) {
    payload.inputs = Object.fromEntries(
      flags.input.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
  }
  if (git?.commitDate) payload.head_commit = { timestamp: git.commitDate.toISOString() };

  const runEnv: Record<string, string> = {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REF: ref,
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: `${repoOwner}/${repoName}`,
    GITHUB_REPOSITORY_OWNER: repoOwner,
    GITHUB_ACTOR: repoOwner,
    ...(env.SOURCE_DATE_EPOCH && { SOURCE_DATE_EPOCH: env.SOURCE_DATE_EPOCH }),
  };
  return { env: runEnv, payload, notes };
}

/** owner/name from an `origin` pointing at GitHub (https or ssh form). */
function repoFromRemote(cwd: string): string | undefined {
  try {
    const url = execFileSync('git', ['remote', 'get-url', 'origin'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const match = /github\.com[:/]([^/]+)\/([^/]+?)(?:\.git)?$/.exec(url);
    return match ? `${match[1]}/${match[2]}` : undefined;
  } catch {
    return undefined;
  }
}
