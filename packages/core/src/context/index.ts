export type { Context, Repository, PullRequest, Release } from './context.ts';
export {
  contextFromEnv,
  needsRepositoryLookup,
  repositoryFromApi,
  withRepositoryFacts,
  type Env,
  type ContextOptions,
} from './from-env.ts';
export { loadContext, type LoadedContext, type LoadOptions } from './load.ts';
export { readGitFacts, withGitFacts, type GitFacts } from './git.ts';
export { withPullRequestHeadSha } from './pr-head-sha.ts';
