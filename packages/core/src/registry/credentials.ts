import { loadDockerCredentials, type Credentials } from './docker-config.ts';
import { RegistryClient } from './client.ts';

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
  env: Record<string, string | undefined>,
): { credentials?: Credentials; notes: string[] } {
  if (registry === 'ghcr.io') {
    const credentials = inputs.explicit ?? inputs.github;
    if (credentials) return { credentials, notes: [] };
  }
  const fromConfig = loadDockerCredentials(registry, env);
  if (fromConfig.credentials) return { credentials: fromConfig.credentials, notes: fromConfig.notes };
  return { ...(inputs.explicit && { credentials: inputs.explicit }), notes: fromConfig.notes };
}

export interface ClientPool {
  clientFor(registry: string): RegistryClient;
  /** Registry requests sent so far, over every client. */
  requestCount(): number;
}

/**
 * One client per registry, each with the credentials credentialsForRegistry picks, shared by
 * everything an action does (merge, attest), so tokens are fetched once per registry.
 */
export function clientPool(
  credentials: CredentialInputs,
  log: { info(line: string): void; warning(line: string): void },
  env: Record<string, string | undefined>,
  /** The step's clock for waits between retries (io.sleep), so tests need not wait. */
  sleep?: (ms: number) => Promise<void>,
): ClientPool {
  const clients = new Map<string, RegistryClient>();
  return {
    clientFor(registry) {
      let client = clients.get(registry);
      if (!client) {
        const found = credentialsForRegistry(registry, credentials, env);
        for (const note of found.notes) log.info(`${registry}: ${note}`);
        if (!found.credentials) {
          const fix = `add a docker/login-action step for ${registry} before this one, or set username and password`;
          log.warning(`no credentials for ${registry}: ${fix}.`);
        }
        client = new RegistryClient({
          registry,
          ...(found.credentials && { credentials: found.credentials }),
          ...(sleep && { retry: { sleep } }),
        });
        clients.set(registry, client);
      }
      return client;
    },
    requestCount: () => [...clients.values()].reduce((sum, client) => sum + client.requestCount, 0),
  };
}

/** The credential inputs every registry-writing action shares: username/password and github-token. */
export function credentialInputs(
  given: { username: string; password: string; token: string },
  actor: string,
): CredentialInputs {
  return {
    ...(given.username && given.password && { explicit: { username: given.username, password: given.password } }),
    ...(given.token && { github: { username: actor || 'github-actions', password: given.token } }),
  };
}
