import type { ActionsClaims } from '../../../packages/core/src/attest/index.ts';

/** The claims of a push to main in octo-org/app, as a GitHub Actions token carries them. */
export const CLAIMS: ActionsClaims = {
  iss: 'https://token.actions.githubusercontent.com',
  sub: 'repo:octo-org/app:ref:refs/heads/main',
  aud: 'sigstore',
  repository: 'octo-org/app',
  repository_id: '101',
  repository_owner: 'octo-org',
  repository_owner_id: '202',
  repository_visibility: 'private',
  ref: 'refs/heads/main',
  sha: 'a'.repeat(40),
  event_name: 'push',
  workflow_ref: 'octo-org/app/.github/workflows/release.yml@refs/heads/main',
  job_workflow_ref: 'octo-org/app/.github/workflows/release.yml@refs/heads/main',
  job_workflow_sha: 'a'.repeat(40),
  run_id: '42',
  run_attempt: '1',
  runner_environment: 'github-hosted',
};

/** The runner variables of the same run. */
export const ENV: Record<string, string> = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/app',
  GITHUB_REPOSITORY_ID: '101',
  GITHUB_REPOSITORY_OWNER_ID: '202',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_EVENT_NAME: 'push',
  GITHUB_WORKFLOW_REF: 'octo-org/app/.github/workflows/release.yml@refs/heads/main',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '1',
};

export function unsignedJwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
