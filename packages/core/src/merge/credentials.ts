import { loadDockerCredentials, type Credentials } from '../registry/index.ts';

export interface CredentialInputs {
  /** `username` / `password` as the user set them: sent wherever they are needed. */
  explicit?: Credentials;
  /** The job's own identity (github.actor + github-token): for GHCR only. */
  github?: Credentials;
}

/**
 * Which credentials a registry gets. GHCR gets the explicit inputs, else the job's token.
 * Any other registry gets what docker/login-action stored for it, else the explicit inputs;
 * the job's GITHUB_TOKEN is never offered to a registry that is not GHCR.
 */
export function credentialsForRegistry(
  registry: string,
  inputs: CredentialInputs,
  env: Record<string, string | undefined> = process.env,
): { credentials?: Credentials; notes: string[] } {
  if (registry === 'ghcr.io') {
    const credentials = inputs.explicit ?? inputs.github;
    if (credentials) return { credentials, notes: [] };
  }
  const fromConfig = loadDockerCredentials(registry, env);
  if (fromConfig.credentials) return { credentials: fromConfig.credentials, notes: fromConfig.notes };
  return { ...(inputs.explicit && { credentials: inputs.explicit }), notes: fromConfig.notes };
}
