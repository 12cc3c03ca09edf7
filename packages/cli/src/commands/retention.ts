import { readFileSync } from 'node:fs';
import { runCleanup } from '@ghcr-kit/core/cleanup';
import { contextFromEnv } from '@ghcr-kit/core/context';
import { InputError } from '@ghcr-kit/core/errors';
import { createGitHubClient, PackagesClient } from '@ghcr-kit/core/ghcr';
import { RegistryClient } from '@ghcr-kit/core/registry';
import { parsePlanFile, planTable, type PlannedPackage } from '@ghcr-kit/core/retention';
import { parseCleanupInputs } from '@ghcr-kit/core/steps/cleanup';

export interface RetentionFlags {
  input?: string[];
  plan?: string;
  json?: boolean;
}

type Env = Record<string, string | undefined>;

/**
 * `ghcr-kit retention`: the retention plan for a package before any workflow runs it, as a
 * table of every version with keep or delete and the reason. From a plan file a dry run saved,
 * or from the live Packages API and registry with a token: the cleanup action's own input
 * parser and planner, always as a dry run, so it reads and never deletes.
 */
export async function retention(flags: RetentionFlags, env: Env, out: (text: string) => void): Promise<number> {
  const packages = flags.plan ? fromPlanFile(flags.plan) : await fromLiveApi(inputsOf(flags.input ?? []), env);
  out(flags.json ? `${JSON.stringify(packages, null, 2)}\n` : planTable(packages));
  return 0;
}

function fromPlanFile(path: string): PlannedPackage[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(
      'plan',
      path,
      'cannot be read',
      "Give the path of a plan a dry run saved (the cleanup action's plan output).",
    );
  }
  const parsed = parsePlanFile(text);
  if (!parsed.ok)
    throw new InputError('plan', path, parsed.problem, 'Use the plan a dry run of the cleanup action wrote.');
  return parsed.file.packages;
}

async function fromLiveApi(inputs: Map<string, string>, env: Env): Promise<PlannedPackage[]> {
  // The token comes from the environment, where a shell history does not keep it.
  const token = inputs.get('token') ?? env.GITHUB_TOKEN ?? env.GH_TOKEN ?? '';
  if (!token)
    throw new InputError(
      'token',
      '',
      'is not set',
      'Export GITHUB_TOKEN (a token with read:packages), or pass --plan with a saved plan.',
    );
  const read = (name: string) =>
    name === 'dry-run'
      ? 'true'
      : name === 'upload-artifact'
        ? 'false'
        : name === 'token'
          ? token
          : (inputs.get(name) ?? '');
  const parsed = parseCleanupInputs(read, contextFromEnv(env, {}), () => {});
  const { octokit, budget } = createGitHubClient({
    token: parsed.token,
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
  });
  const registryClient = new RegistryClient({
    registry: parsed.registry,
    credentials: { username: parsed.owner, password: parsed.token },
  });
  const log = {
    info: (line: string) => process.stderr.write(`${line}\n`),
    warning: (line: string) => process.stderr.write(`warning: ${line}\n`),
  };
  const settings = {
    registry: parsed.registry,
    owner: parsed.owner,
    packages: parsed.packages,
    policy: parsed.policy,
    dryRun: true,
  };
  const result = await runCleanup(settings, {
    packagesClient: new PackagesClient(octokit, budget),
    registryClient,
    log,
    now: new Date(),
    manifestCache: new Map(),
  });
  return result.file.packages;
}

/** `--input key=value`, as for `ghcr-kit run`: the cleanup action's input names. */
function inputsOf(pairs: string[]): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new InputError(
        'input',
        pair,
        'is not key=value',
        'Write --input packages=app, --input policy-file=retention.yml, …',
      );
    inputs.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return inputs;
}
