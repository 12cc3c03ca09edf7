import { contextFromEnv, type Context } from '../../../packages/core/src/context/index.ts';

/** A Context for a repository `Acme/Widget` (default branch main) and one event. */
export function contextFor(
  event: string,
  ref: string,
  payload: Record<string, unknown> = {},
  env: Record<string, string> = {},
): Context {
  return contextFromEnv(
    {
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: ref,
      GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
      GITHUB_REPOSITORY: 'Acme/Widget',
      SOURCE_DATE_EPOCH: '1719585022',
      ...env,
    },
    {
      repository: {
        name: 'Widget',
        full_name: 'Acme/Widget',
        owner: { login: 'Acme' },
        html_url: 'https://github.com/Acme/Widget',
        description: 'A widget',
        license: { spdx_id: 'MIT' },
        default_branch: 'main',
      },
      ...payload,
    },
  );
}
