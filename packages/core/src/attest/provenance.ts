import type { ActionsClaims } from './oidc-claims.ts';
import type { Predicate } from './predicate.ts';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** https://github.com/actions/buildtypes/tree/main/workflow/v1 */
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

type Env = Record<string, string | undefined>;

/**
 * The runner variables that must say the same as the token. A mismatch means the step runs
 * with a doctored environment (or a token of another run), and provenance would lie.
 */
const CLAIM_ENV: ReadonlyArray<[keyof ActionsClaims, string]> = [
  ['repository', 'GITHUB_REPOSITORY'],
  ['repository_id', 'GITHUB_REPOSITORY_ID'],
  ['repository_owner_id', 'GITHUB_REPOSITORY_OWNER_ID'],
  ['ref', 'GITHUB_REF'],
  ['sha', 'GITHUB_SHA'],
  ['event_name', 'GITHUB_EVENT_NAME'],
  ['workflow_ref', 'GITHUB_WORKFLOW_REF'],
  ['run_id', 'GITHUB_RUN_ID'],
  ['run_attempt', 'GITHUB_RUN_ATTEMPT'],
];

/** Each claim the runner environment contradicts; empty when they agree. */
export function claimDisagreements(claims: ActionsClaims, env: Env): string[] {
  const problems: string[] = [];
  for (const [claim, variable] of CLAIM_ENV) {
    const fromEnv = env[variable];
    if (fromEnv === undefined || fromEnv === '') continue;
    if (String(claims[claim]) !== fromEnv)
      problems.push(`${variable}=${fromEnv} but the OIDC token says ${claim}=${String(claims[claim])}`);
  }
  return problems;
}

/**
 * SLSA v1 provenance for a GitHub Actions run, with the GitHub workflow build type: every
 * field comes from the OIDC token Fulcio signs for, so the certificate and the predicate
 * cannot disagree. https://slsa.dev/spec/v1.0/provenance
 */
export function buildProvenance(claims: ActionsClaims, env: Env): Predicate {
  const problems = claimDisagreements(claims, env);
  if (problems.length) {
    throw new Error(
      `the runner environment and the job's OIDC token disagree, so provenance is not built: ${problems.join('; ')}`,
    );
  }
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  // workflow_ref is `owner/repo/<path>@<ref>`; a ref may itself hold '@' (monorepo tags).
  const afterRepo = claims.workflow_ref.startsWith(`${claims.repository}/`)
    ? claims.workflow_ref.slice(claims.repository.length + 1)
    : claims.workflow_ref;
  const at = afterRepo.indexOf('@');
  const workflowPath = at >= 0 ? afterRepo.slice(0, at) : afterRepo;
  const workflowRef = at >= 0 ? afterRepo.slice(at + 1) : '';
  const repositoryUrl = `${serverUrl}/${claims.repository}`;
  return {
    type: SLSA_PROVENANCE_V1,
    body: {
      buildDefinition: {
        buildType: GITHUB_WORKFLOW_BUILD_TYPE,
        externalParameters: {
          workflow: { ref: workflowRef, repository: repositoryUrl, path: workflowPath },
        },
        internalParameters: {
          github: {
            event_name: claims.event_name,
            repository_id: claims.repository_id,
            repository_owner_id: claims.repository_owner_id,
            runner_environment: claims.runner_environment,
          },
        },
        resolvedDependencies: [{ uri: `git+${repositoryUrl}@${claims.ref}`, digest: { gitCommit: claims.sha } }],
      },
      runDetails: {
        builder: { id: `${serverUrl}/${claims.job_workflow_ref}` },
        metadata: {
          invocationId: `${repositoryUrl}/actions/runs/${claims.run_id}/attempts/${claims.run_attempt}`,
        },
      },
    },
  };
}
