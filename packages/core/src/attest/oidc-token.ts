import { decodeActionsClaims, type ActionsClaims } from './oidc-claims.ts';

type Env = Record<string, string | undefined>;

export class MissingPermissionError extends Error {
  override readonly name = 'MissingPermissionError';
}

/**
 * A local run under nektos/act, which sets ACT=true and serves no OIDC token endpoint
 * (https://nektosact.com/not_supported.html): signing cannot happen there, and a local trial
 * of a workflow should say so rather than fail. A real runner, or act given a token URL by
 * hand, signs as usual.
 */
export function actWithoutIdToken(env: Env): boolean {
  return env.ACT === 'true' && !env.ACTIONS_ID_TOKEN_REQUEST_URL;
}

/** What a step that skipped signing under act tells the user. */
export const ACT_ATTEST_NOTICE =
  'attest skipped: act provides no OIDC token (ACT=true, no ACTIONS_ID_TOKEN_REQUEST_URL)';

/**
 * Asks the runner for the job's OIDC token with audience `sigstore` (what Fulcio expects).
 * The runner only offers the request URL when the job has `id-token: write`, so its absence is
 * that permission missing, said before anything else runs.
 * https://docs.github.com/en/actions/reference/security/oidc#methods-for-requesting-the-oidc-token
 */
export async function requestIdToken(
  env: Env,
  audience = 'sigstore',
): Promise<{ token: string; claims: ActionsClaims }> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new MissingPermissionError(
      'the job cannot request an OIDC token: add `permissions: id-token: write` to the job ' +
        "(signing needs the job's identity). ACTIONS_ID_TOKEN_REQUEST_URL is not set.",
    );
  }
  const target = new URL(url);
  target.searchParams.set('audience', audience);
  let response: Response;
  try {
    response = await fetch(target, { headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } });
  } catch (error) {
    const reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(`could not reach the runner's OIDC token endpoint: ${reason}`);
  }
  const text = await response.text();
  if (!response.ok)
    throw new Error(`the runner's OIDC token endpoint answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  let token: unknown;
  try {
    token = (JSON.parse(text) as { value?: unknown }).value;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || !token) throw new Error("the runner's OIDC token endpoint answered without a token");
  return { token, claims: decodeActionsClaims(token) };
}
