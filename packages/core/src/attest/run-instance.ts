import type { Context } from '../context/index.ts';
import { repositoryVisibility } from './attestations-api.ts';
import type { ActionsClaims } from './oidc-claims.ts';
import { resolveSigstoreInstance, type SigstoreChoice, type SigstoreInstance } from './sigstore-instances.ts';

export interface SigstoreInputs {
  choice: SigstoreChoice;
  fulcioUrl: string;
  rekorUrl: string;
  tsaUrl: string;
}

/**
 * Checks the sigstore inputs as a whole before anything runs: `auto` is resolved only once the
 * repository's visibility is known, but a URL given without `custom` is wrong whatever it is.
 */
export function checkSigstoreInputs(inputs: SigstoreInputs, serverUrl: string): void {
  resolveSigstoreInstance({ ...inputs, serverUrl });
}

/**
 * The instance this run signs on. For `auto`, the repository's visibility comes from the event
 * payload, else the token's claim, else the API: a private name must never reach public-good.
 */
export async function sigstoreInstanceForRun(
  inputs: SigstoreInputs,
  context: Context,
  claims: ActionsClaims,
  token: string,
): Promise<SigstoreInstance> {
  const repository = context.repository.fullName;
  const payloadVisibility = (context.payload.repository as { visibility?: string } | undefined)?.visibility;
  const visibility =
    inputs.choice !== 'auto'
      ? undefined
      : (payloadVisibility ??
        claims.repository_visibility ??
        (token ? await repositoryVisibility({ apiUrl: context.apiUrl, token, repository }) : undefined));
  return resolveSigstoreInstance({ ...inputs, serverUrl: context.serverUrl, ...(visibility && { visibility }) });
}
