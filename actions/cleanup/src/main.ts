import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as core from '@actions/core';
import { attemptSuffix, booleanInput, input, runAction, secretInput, splitInputList, uploadWorkflowArtifact, writeSummary } from '@ghcr-kit/core/actions';
import { InputError } from '@ghcr-kit/core/errors';
import { createGitHubClient, olderRunInProgress, PackagesClient } from '@ghcr-kit/core/ghcr';
import { RegistryClient } from '@ghcr-kit/core/registry';
import { globToRegExp, parsePlanFile, planSummary, resolvePolicy, type PlanFile } from '@ghcr-kit/core/retention';
import { restoreManifestCache, restorePlan, runCleanup, saveManifestCache } from '@ghcr-kit/core/cleanup';

await runAction(async () => {
  const env = process.env;
  const token = secretInput('token');
  const owner = input('owner') || env.GITHUB_REPOSITORY_OWNER || '';
  const registry = input('registry') || 'ghcr.io';
  const dryRun = booleanInput('dry-run', false);
  if (!token) throw new InputError('token', '', 'is empty', 'Pass ${{ github.token }} or a token with read:packages and delete:packages.');
  if (!owner) throw new InputError('owner', '', 'is empty and GITHUB_REPOSITORY_OWNER is unset', 'Set owner to the user or organization that owns the packages.');

  const { octokit, budget } = createGitHubClient({ token, baseUrl: env.GITHUB_API_URL || 'https://api.github.com', log: core });
  const packagesClient = new PackagesClient(octokit, budget);
  const registryClient = new RegistryClient({ registry, credentials: { username: env.GITHUB_ACTOR || owner, password: token } });

  const restoreFrom = input('restore-from');
  if (restoreFrom) {
    const outcome = await restorePlan(readPlan('restore-from', restoreFrom), packagesClient);
    outcome.notes.forEach((note) => core.warning(note));
    core.setOutput('restored', JSON.stringify(outcome.restored));
    core.info(`restored ${outcome.restored.length} versions`);
    return;
  }

  const planPath = input('plan-file');
  const planFile = planPath && !dryRun ? readPlan('plan-file', planPath) : undefined;
  const requested = planFile ? [] : splitInputList(input('packages'), { commas: true });
  if (!planFile && !requested.length) throw new InputError('packages', '', 'is empty', 'List the package names (one per line or comma-separated), e.g. my-app.');
  const packages = await expandPackageNames(requested, owner, packagesClient);

  // Read once by name, so an error can quote the value of whichever input it is about.
  const raw: Record<string, string> = {
    policy: input('policy'),
    'policy-file': input('policy-file'),
    'delete-untagged': input('delete-untagged'),
    'delete-tags': input('delete-tags'),
    'exclude-tags': input('exclude-tags'),
    'older-than': input('older-than'),
    'keep-n-tagged': input('keep-n-tagged'),
    'keep-n-untagged': input('keep-n-untagged'),
  };
  const policyFile = raw['policy-file']!;
  const policy = resolvePolicy({
    policy: raw.policy!,
    ...(policyFile && { policyFile: { path: policyFile, text: readInputFile('policy-file', policyFile) } }),
    shorthands: {
      'delete-untagged': raw['delete-untagged']!,
      'delete-tags': splitInputList(raw['delete-tags']!, { commas: true }),
      'exclude-tags': splitInputList(raw['exclude-tags']!, { commas: true }),
      'older-than': raw['older-than']!,
      'keep-n-tagged': raw['keep-n-tagged']!,
      'keep-n-untagged': raw['keep-n-untagged']!,
    },
  });
  if (!policy.ok) {
    const [first, ...rest] = policy.problems;
    const value = first!.path ? `${first!.path}` : (raw[first!.input] ?? '');
    throw new InputError(first!.input, value, `${first!.path ? `${first!.path} ` : ''}${first!.problem}${rest.length ? ` (and ${rest.length} more: ${rest.map((p) => `${p.path || p.input} ${p.problem}`).join('; ')})` : ''}`, first!.fix);
  }

  // One cleanup per package at a time: a younger run of this workflow refuses to start.
  const concurrent = await olderRunInProgress(octokit, env.GITHUB_REPOSITORY ?? '', env.GITHUB_RUN_ID ?? '');
  if (concurrent.kind === 'older-run') {
    throw new Error(`another run of this workflow is still cleaning up (${concurrent.url}); nothing was deleted. Run one cleanup per package at a time: add concurrency: { group: ghcr-cleanup-${owner}, cancel-in-progress: false } to the workflow.`);
  }
  if (concurrent.kind === 'unknown') core.info(`could not check for a concurrent cleanup run: ${concurrent.reason}`);

  const dir = env.RUNNER_TEMP || tmpdir();
  const cacheScope = `${registry}-${owner}`.toLowerCase();
  const manifestCache = await restoreManifestCache(dir, cacheScope);
  const result = await runCleanup(
    { registry, owner, packages, policy: policy.policy, dryRun, ...(planFile && { planFile }) },
    { packagesClient, registryClient, log: core, now: new Date(), manifestCache },
  );
  await saveManifestCache(dir, cacheScope, manifestCache);

  const savedPlan = dryRun && planPath ? planPath : join(dir, 'ghcr-kit-cleanup-plan.json');
  writeFileSync(savedPlan, `${JSON.stringify(result.file, null, 2)}\n`);
  result.notes.forEach((note) => core.warning(note));
  for (const pkg of result.file.packages) pkg.plan.warnings.forEach((warning) => core.warning(`${pkg.name}: ${warning}`));
  core.setOutput('plan', savedPlan);
  core.setOutput('deleted', JSON.stringify(result.deleted));
  core.setOutput('kept', JSON.stringify(result.kept));
  core.setOutput('freed-bytes', String(result.freedBytes));
  const requests = [...budget.sent].map(([kind, n]) => `${kind}: ${n}`).join(', ');
  core.info(`${dryRun ? 'would delete' : 'deleted'} ${dryRun ? result.file.packages.reduce((n, p) => n + p.plan.totals.deleted, 0) : result.deleted.length} versions; requests: ${requests}; plan: ${savedPlan}`);
  // The plan as a workflow artifact too, so a dry run's plan can be reviewed and applied later.
  const artifact = booleanInput('upload-artifact', true)
    ? await uploadWorkflowArtifact({ name: `cleanup-plan-${owner.toLowerCase()}${attemptSuffix(env.GITHUB_RUN_ATTEMPT)}`, files: [savedPlan], rootDirectory: dirname(savedPlan), env })
    : { uploaded: false, id: '', message: 'not uploaded (upload-artifact: false)' };
  core.setOutput('plan-artifact-id', artifact.id);
  (artifact.uploaded ? core.info : core.notice)(`plan artifact ${artifact.message}`);
  await writeSummary(`${planSummary(result.file.packages, { dryRun, notes: result.notes })}\nPlan artifact: ${artifact.message}\n`);
  if (result.broken.length) {
    core.setFailed(`after deleting, kept images were incomplete (${result.broken.join('; ')}); every version this run deleted was restored`);
  }
});

/** Package names, with globs (`app-*`) expanded against the owner's packages. */
async function expandPackageNames(requested: string[], owner: string, client: PackagesClient): Promise<string[]> {
  const patterns = requested.filter((name) => /[*?]/.test(name));
  if (patterns.length === 0) return requested;
  const kind = await client.ownerKind(owner);
  const all = await client.listPackageNames({ kind: kind === 'org' ? 'org' : 'user', login: owner });
  const matchers = patterns.map(globToRegExp);
  const matched = all.filter((name) => matchers.some((m) => m.test(name)));
  if (matched.length === 0) throw new InputError('packages', patterns.join(','), `matches none of the ${all.length} container packages of ${owner}`, 'Check the pattern, or list the package names.');
  core.info(`packages: ${patterns.join(', ')} matched ${matched.join(', ')}`);
  return [...new Set([...requested.filter((name) => !/[*?]/.test(name)), ...matched])];
}

function readInputFile(name: string, path: string): string {
  if (!existsSync(path)) throw new InputError(name, path, 'names a file that does not exist', 'Give a path relative to the workspace.');
  return readFileSync(path, 'utf8');
}

function readPlan(name: string, path: string): PlanFile {
  const parsed = parsePlanFile(readInputFile(name, path));
  if (!parsed.ok) throw new InputError(name, path, parsed.problem, 'Use the plan a dry run of this action wrote.');
  return parsed.file;
}
