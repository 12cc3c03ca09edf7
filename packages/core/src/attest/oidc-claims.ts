// The namespace import lets esbuild keep only what is used; `{ z }` drags in every zod locale (~400 KB).
import * as z from 'zod/mini';

/**
 * The claims of a GitHub Actions OIDC token that provenance and the certificate are built
 * from. https://docs.github.com/en/actions/reference/security/oidc#oidc-token-claims
 */
export const actionsClaimsSchema = z.looseObject({
  iss: z.string(),
  sub: z.string(),
  aud: z.optional(z.union([z.string(), z.array(z.string())])),
  repository: z.string(),
  repository_id: z.string(),
  repository_owner: z.string(),
  repository_owner_id: z.string(),
  repository_visibility: z.optional(z.string()),
  ref: z.string(),
  sha: z.string(),
  event_name: z.string(),
  workflow_ref: z.string(),
  job_workflow_ref: z.string(),
  job_workflow_sha: z.optional(z.string()),
  run_id: z.string(),
  run_attempt: z.string(),
  runner_environment: z.string(),
});
export type ActionsClaims = z.infer<typeof actionsClaimsSchema>;

/**
 * Reads a JWT's claims without checking its signature: Fulcio checks it when it issues the
 * certificate, and the certificate is what verifiers trust. Missing claims name themselves.
 */
export function decodeActionsClaims(token: string): ActionsClaims {
  const payload = token.split('.')[1];
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  } catch {
    throw new Error('the OIDC token from ACTIONS_ID_TOKEN_REQUEST_URL is not a JWT');
  }
  const parsed = actionsClaimsSchema.safeParse(json);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(
      `the OIDC token lacks the GitHub Actions claims provenance needs (${missing}); is this a GitHub Actions token?`,
    );
  }
  return parsed.data;
}
