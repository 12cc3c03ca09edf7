import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod/mini';

export interface Credentials {
  username: string;
  password: string;
}

export interface DockerConfigLookup {
  credentials?: Credentials;
  /** Why nothing (or something partial) was used, for a log line; never holds a secret. */
  notes: string[];
}

const authEntrySchema = z.looseObject({
  auth: z.optional(z.string()),
  username: z.optional(z.string()),
  password: z.optional(z.string()),
  identitytoken: z.optional(z.string()),
});

const configSchema = z.looseObject({
  auths: z.optional(z.record(z.string(), authEntrySchema)),
  credsStore: z.optional(z.string()),
  credHelpers: z.optional(z.record(z.string(), z.string())),
});

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`, as the docker CLI looks. */
export function dockerConfigPath(env: Record<string, string | undefined>): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

/**
 * Finds the credentials docker/login-action left for a registry: `auths[host].auth` is
 * base64 `user:password`. Docker Hub is stored under its legacy v1 URL. Credential helpers
 * (`credsStore`, `credHelpers`) would mean running a program; we do not, and say so.
 * https://docs.docker.com/reference/cli/docker/login/#credential-stores
 */
export function credentialsFromDockerConfig(registry: string, configText: string | undefined): DockerConfigLookup {
  const notes: string[] = [];
  if (configText === undefined) return { notes: ['no docker config file'] };
  let parsed: z.infer<typeof configSchema>;
  try {
    parsed = configSchema.parse(JSON.parse(configText));
  } catch {
    return { notes: ['the docker config file is not valid JSON; ignored'] };
  }
  const keys =
    registry === 'docker.io'
      ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']
      : [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
  for (const key of keys) {
    const entry = parsed.auths?.[key];
    if (!entry) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0)
        return { credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, notes };
      notes.push(`auths["${key}"].auth is not base64 "user:password"; ignored`);
    } else if (entry.username && entry.password) {
      return { credentials: { username: entry.username, password: entry.password }, notes };
    } else if (entry.identitytoken) {
      notes.push(`auths["${key}"] holds an identity token, which only a credential helper flow can use; ignored`);
    }
  }
  const helper = parsed.credHelpers?.[registry] ?? parsed.credsStore;
  if (helper)
    notes.push(`credential helper "docker-credential-${helper}" is not run; pass username and password instead`);
  return { notes };
}

/** Reads the docker config file (if any) and looks the registry up in it. */
export function loadDockerCredentials(registry: string, env: Record<string, string | undefined>): DockerConfigLookup {
  const path = dockerConfigPath(env);
  return credentialsFromDockerConfig(registry, existsSync(path) ? readFileSync(path, 'utf8') : undefined);
}
