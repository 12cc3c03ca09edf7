import { loadDockerCredentials, type Credentials } from '../registry/index.ts';

/**
 * Which credentials a registry gets. GHCR gets the inputs (by default github.actor and
 * github.token). Any other registry gets what docker/login-action stored for it, and the
 * inputs only when the config has nothing for it: a GITHUB_TOKEN must not be offered to a
 * registry the user logged in to separately.
 */
export function credentialsForRegistry(
  registry: string,
  inputs: Credentials | undefined,
  env: Record<string, string | undefined> = process.env,
): { credentials?: Credentials; notes: string[] } {
  if (registry === 'ghcr.io' && inputs) return { credentials: inputs, notes: [] };
  const fromConfig = loadDockerCredentials(registry, env);
  if (fromConfig.credentials) return { credentials: fromConfig.credentials, notes: fromConfig.notes };
  return { ...(inputs && { credentials: inputs }), notes: fromConfig.notes };
}
