/** A Git context `<url>#<ref>[:<subdir>]`, as defaultGitContext writes it. */
export interface GitContext {
  url: string;
  ref: string;
  subdir: string;
}

export function parseGitContext(text: string): GitContext | undefined {
  const match = /^(.+?\.git)#([^:]+)(?::(.*))?$/.exec(text);
  return match ? { url: match[1]!, ref: match[2]!, subdir: match[3] ?? '' } : undefined;
}

/**
 * The git commands that put one commit of a Git context into `dir`, shallow: what BuildKit
 * does for buildx, done here for buildah, which (1.28) clones branches only, not commits.
 * GitHub serves any reachable commit by id.
 * https://git-scm.com/docs/git-fetch
 */
export function gitFetchCommands(context: GitContext, dir: string): string[][] {
  return [
    ['init', '--quiet', dir],
    ['-C', dir, 'fetch', '--quiet', '--depth', '1', '--no-tags', context.url, context.ref],
    ['-C', dir, 'checkout', '--quiet', '--detach', 'FETCH_HEAD'],
  ];
}

/**
 * The token as actions/checkout hands it to git: an extra header for the server's URLs only,
 * through git's environment config, so it is on no command line.
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-GITCONFIGCOUNT
 */
export function gitAuthEnvironment(serverUrl: string, token: string): Record<string, string> {
  if (!token || !/^https?:\/\//.test(serverUrl)) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${serverUrl}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
