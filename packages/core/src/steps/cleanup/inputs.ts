import { existsSync, readFileSync } from 'node:fs';
import { readBoolean, splitInputList, type ReadInput } from '../../actions/index.ts';
import type { Context } from '../../context/index.ts';
import { InputError } from '../../errors/index.ts';
import {
  checkGlob,
  parsePlanFile,
  resolvePolicy,
  type PlanFile,
  type Policy,
  type PolicyProblem,
} from '../../retention/index.ts';

/** Everything the cleanup step needs, read and checked before its first request. */
export interface CleanupInputs {
  token: string;
  owner: string;
  registry: string;
  dryRun: boolean;
  uploadArtifact: boolean;
  /** Names and globs (`app-*`), as given. */
  packages: string[];
  policy: Policy;
  /** Without dry-run, a saved plan to apply; with it, where to write the plan. */
  planFile?: PlanFile;
  planPath: string;
  /** A saved plan to undo. */
  restore?: PlanFile;
}

/**
 * GitHub's tokens are at most a few hundred characters (a fine-grained PAT is 93, an
 * installation token 40), and registries' bearer tokens a few kilobytes. Anything longer is a
 * mistake (a file's contents, a whole secret store), and a server answers it with 431 or by
 * closing the connection: it is refused here, before any request is sent.
 * https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats
 */
export const MAX_TOKEN_LENGTH = 8192;
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

const POLICY_INPUTS = [
  'policy',
  'policy-file',
  'delete-untagged',
  'delete-tags',
  'exclude-tags',
  'older-than',
  'keep-n-tagged',
  'keep-n-untagged',
] as const;

export function parseCleanupInputs(read: ReadInput, context: Context, mask: (secret: string) => void): CleanupInputs {
  const token = read('token');
  if (token) mask(token);
  checkToken(token);
  const owner = read('owner') || context.repository.owner;
  if (!owner)
    throw new InputError(
      'owner',
      '',
      'is empty and the run has no repository owner',
      'Set owner to the user or organization that owns the packages.',
    );
  const registry = read('registry') || 'ghcr.io';
  if (!/^[a-z0-9.-]+(:[0-9]{1,5})?$/i.test(registry)) {
    throw new InputError(
      'registry',
      registry,
      'is not a registry host',
      'Give a host such as ghcr.io or 127.0.0.1:5000, no scheme or path.',
    );
  }
  const dryRun = readBoolean(read, 'dry-run', false);
  const uploadArtifact = readBoolean(read, 'upload-artifact', true);
  const planPath = read('plan-file');
  const restorePath = read('restore-from');
  const restore = restorePath ? readPlan('restore-from', restorePath) : undefined;
  const planFile = planPath && !dryRun && !restore ? readPlan('plan-file', planPath) : undefined;
  const packages = splitInputList(read('packages'), { commas: true });
  for (const name of packages) {
    const check = checkGlob(name);
    if (!check.ok) throw new InputError('packages', name, check.problem, check.fix);
  }
  if (!restore && !planFile && !packages.length) {
    throw new InputError(
      'packages',
      '',
      'is empty',
      'List the package names (one per line or comma-separated), e.g. my-app.',
    );
  }
  const policy = readPolicy(read);
  return {
    token,
    owner,
    registry,
    dryRun,
    uploadArtifact,
    packages,
    policy,
    planPath,
    ...(planFile && { planFile }),
    ...(restore && { restore }),
  };
}

function checkToken(token: string): void {
  const fix = 'Pass ${{ github.token }} or a token with read:packages and delete:packages.';
  if (!token) throw new InputError('token', '', 'is empty', fix);
  // The value itself is a secret: the message describes it instead of quoting it.
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new InputError(
      'token',
      `<${token.length} characters>`,
      `is ${token.length} characters long; no GitHub or registry token is longer than ${MAX_TOKEN_LENGTH}`,
      `Check what the secret holds. ${fix}`,
    );
  }
  if (!TOKEN_CHARACTERS.test(token)) {
    throw new InputError(
      'token',
      `<${token.length} characters>`,
      'holds spaces, line breaks or other characters a token never has',
      `Check what the secret holds. ${fix}`,
    );
  }
}

function readPolicy(read: ReadInput): Policy {
  // Read once by name, so an error can quote the value of whichever input it is about.
  const raw: Record<(typeof POLICY_INPUTS)[number], string> = {
    policy: read('policy'),
    'policy-file': read('policy-file'),
    'delete-untagged': read('delete-untagged'),
    'delete-tags': read('delete-tags'),
    'exclude-tags': read('exclude-tags'),
    'older-than': read('older-than'),
    'keep-n-tagged': read('keep-n-tagged'),
    'keep-n-untagged': read('keep-n-untagged'),
  };
  const policyFile = raw['policy-file'];
  const resolved = resolvePolicy({
    policy: raw.policy,
    ...(policyFile && { policyFile: { path: policyFile, text: readInputFile('policy-file', policyFile) } }),
    shorthands: {
      'delete-untagged': raw['delete-untagged'],
      'delete-tags': splitInputList(raw['delete-tags'], { commas: true }),
      'exclude-tags': splitInputList(raw['exclude-tags'], { commas: true }),
      'older-than': raw['older-than'],
      'keep-n-tagged': raw['keep-n-tagged'],
      'keep-n-untagged': raw['keep-n-untagged'],
    },
  });
  if (resolved.ok) return resolved.policy;
  throw policyError(resolved.problems, raw);
}

/** One error for all of a policy's problems, naming the input and where in it the first one is. */
function policyError(problems: PolicyProblem[], raw: Record<string, string>): InputError {
  const [first, ...rest] = problems;
  const value = first!.path ? first!.path : (raw[first!.input] ?? '');
  const more = rest.length
    ? ` (and ${rest.length} more: ${rest.map((p) => `${p.path || p.input} ${p.problem}`).join('; ')})`
    : '';
  return new InputError(
    first!.input,
    value,
    `${first!.path ? `${first!.path} ` : ''}${first!.problem}${more}`,
    first!.fix,
  );
}

export function readInputFile(name: string, path: string): string {
  if (!existsSync(path))
    throw new InputError(name, path, 'names a file that does not exist', 'Give a path relative to the workspace.');
  return readFileSync(path, 'utf8');
}

function readPlan(name: string, path: string): PlanFile {
  const parsed = parsePlanFile(readInputFile(name, path));
  if (!parsed.ok) throw new InputError(name, path, parsed.problem, 'Use the plan a dry run of this action wrote.');
  return parsed.file;
}
