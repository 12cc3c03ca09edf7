import { existsSync, readFileSync } from 'node:fs';
import type { Context } from './context.ts';
import {
  contextFromEnv,
  needsRepositoryLookup,
  repositoryFromApi,
  withRepositoryFacts,
  type ContextOptions,
  type Env,
} from './from-env.ts';

export interface LoadedContext {
  context: Context;
  /** Things that degraded but did not fail the step (the runner shows them as warnings). */
  warnings: string[];
}

export interface LoadOptions extends ContextOptions {
  token?: string;
  fetch?: typeof fetch;
  /** false: never ask the API, for steps that use no repository facts (scan). */
  repositoryFacts?: boolean;
}

/**
 * Reads the event payload (absent in some container jobs) and, only when the payload lacks
 * repository facts, asks the REST API for them. A failed call is a warning, never a failure:
 * labels lose a description, the build goes on.
 */
export async function loadContext(env: Env, options: LoadOptions = {}): Promise<LoadedContext> {
  const warnings: string[] = [];
  const payload = readPayload(env.GITHUB_EVENT_PATH, warnings);
  let context = contextFromEnv(env, payload, options);
  const lookup = options.repositoryFacts !== false && needsRepositoryLookup(context);
  if (lookup && context.repository.owner && context.repository.name) {
    try {
      const body = await fetchRepository(context, options);
      context = withRepositoryFacts(context, repositoryFromApi(body));
    } catch (error) {
      warnings.push(
        `could not read repository facts for ${context.repository.fullName} from the GitHub API ` +
          `(${(error as Error).message}); the description and licenses labels stay empty`,
      );
    }
  }
  return { context, warnings };
}

function readPayload(path: string | undefined, warnings: string[]): Record<string, unknown> {
  if (!path || !existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    warnings.push(`event payload ${path} is not valid JSON (${(error as Error).message}); using the environment only`);
    return {};
  }
}

async function fetchRepository(context: Context, options: LoadOptions): Promise<Record<string, unknown>> {
  const doFetch = options.fetch ?? fetch;
  const { owner, name } = context.repository;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'ghcr-kit',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const url = `${context.apiUrl.replace(/\/$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const response = await doFetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
