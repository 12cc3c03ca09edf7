import { decodeActionsClaims, type ActionsClaims } from './oidc-claims.ts';

type Env = Record<string, string | undefined>;

export class MissingPermissionError extends Error {
  override readonly name = 'MissingPermissionError';
}

/**
 * Asks the runner for the job's OIDC token with audience `sigstore` (what Fulcio expects).
 * The runner only offers the request URL when the job has `id-token: write`, so its absence is
 * that permission missing, said before anything else runs.
 * https://docs.github.com/en/actions/reference/security/oidc#methods-for-requesting-the-oidc-token
 */
export async function requestIdToken(env: Env = process.env, audience = 'sigstore'): Promise<{ token: string; claims: ActionsClaims }> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new MissingPermissionError('the job cannot request an OIDC token: add `permissions: id-token: write` to the job (signing needs the job\'s identity). ACTIONS_ID_TOKEN_REQUEST_URL is not set.');
  }
  const target = new URL(url);
  target.searchParams.set('audience', audience);
  let response: Response;
  try {
    response = await fetch(target, { headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } });
  } catch (error) {
    throw new Error(`could not reach the runner's OIDC token endpoint: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`the runner's OIDC token endpoint answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  let token: unknown;
  try {
    token = (JSON.parse(text) as { value?: unknown }).value;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || !token) throw new Error('the runner\'s OIDC token endpoint answered without a token');
  return { token, claims: decodeActionsClaims(token) };
}
