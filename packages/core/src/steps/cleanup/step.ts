import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { attemptSuffix, uploadWorkflowArtifact, type StepIO, type StepResult } from '../../actions/index.ts';
import { restoreManifestCache, restorePlan, runCleanup, saveManifestCache } from '../../cleanup/index.ts';
import { InputError } from '../../errors/index.ts';
import { createGitHubClient, olderRunInProgress, PackagesClient } from '../../ghcr/index.ts';
import { RegistryClient } from '../../registry/index.ts';
import { globToRegExp, planSummary } from '../../retention/index.ts';
import { parseCleanupInputs } from './inputs.ts';

/** The cleanup action's outputs; action.yml declares exactly these. */
export const CLEANUP_OUTPUTS = ['plan-artifact-id', 'deleted', 'kept', 'freed-bytes', 'plan', 'restored'] as const;
export type CleanupOutput = (typeof CLEANUP_OUTPUTS)[number];

const EMPTY: Record<CleanupOutput, string> = {
  'plan-artifact-id': '',
  deleted: '',
  kept: '',
  'freed-bytes': '',
  plan: '',
  restored: '',
};

/**
 * The cleanup action: every input checked first, then one retention plan per package (or a
 * saved plan, or a restore), applied within GitHub's limits, with the plan saved as JSON and
 * as a workflow artifact.
 */
export async function cleanupStep(io: StepIO): Promise<StepResult<CleanupOutput>> {
  const { context } = io;
  const inputs = parseCleanupInputs(io.read, context, io.mask);
  const log = { info: io.info, warning: io.warning };
  const { octokit, budget } = createGitHubClient({ token: inputs.token, baseUrl: context.apiUrl, log });
  const packagesClient = new PackagesClient(octokit, budget);
  const username = context.actor || inputs.owner;
  const registryClient = new RegistryClient({
    registry: inputs.registry,
    credentials: { username, password: inputs.token },
    retry: { sleep: io.sleep },
  });

  if (inputs.restore) {
    const outcome = await restorePlan(inputs.restore, packagesClient);
    outcome.notes.forEach((note) => io.warning(note));
    io.info(`restored ${outcome.restored.length} versions`);
    return { outputs: { ...EMPTY, restored: JSON.stringify(outcome.restored) }, exports: {}, summary: '' };
  }

  const packages = inputs.planFile ? [] : await expandPackageNames(inputs.packages, inputs.owner, packagesClient, io);

  // One cleanup per package at a time: a younger run of this workflow refuses to start.
  const concurrent = await olderRunInProgress(octokit, context.repository.fullName, context.runId);
  if (concurrent.kind === 'older-run') {
    const concurrency = `concurrency: { group: ghcr-cleanup-${inputs.owner}, cancel-in-progress: false }`;
    throw new Error(
      `another run of this workflow is still cleaning up (${concurrent.url}); nothing was deleted. ` +
        `Run one cleanup per package at a time: add ${concurrency} to the workflow.`,
    );
  }
  if (concurrent.kind === 'unknown') io.info(`could not check for a concurrent cleanup run: ${concurrent.reason}`);

  const dir = io.env.RUNNER_TEMP || tmpdir();
  const cacheScope = `${inputs.registry}-${inputs.owner}`.toLowerCase();
  const run = { runId: context.runId, runAttempt: context.runAttempt };
  const manifestCache = await restoreManifestCache(dir, cacheScope, run);
  const { registry, owner, policy, dryRun, planFile } = inputs;
  const result = await runCleanup(
    { registry, owner, packages, policy, dryRun, ...(planFile && { planFile }) },
    { packagesClient, registryClient, log, now: io.now(), manifestCache },
  );
  await saveManifestCache(dir, cacheScope, manifestCache, run);

  const savedPlan = dryRun && inputs.planPath ? inputs.planPath : join(dir, 'ghcr-kit-cleanup-plan.json');
  writeFileSync(savedPlan, `${JSON.stringify(result.file, null, 2)}\n`);
  result.notes.forEach((note) => io.warning(note));
  for (const { name, plan } of result.file.packages)
    plan.warnings.forEach((warning) => io.warning(`${name}: ${warning}`));
  const requests = [...budget.sent].map(([kind, n]) => `${kind}: ${n}`).join(', ');
  const count = dryRun ? result.file.packages.reduce((n, p) => n + p.plan.totals.deleted, 0) : result.deleted.length;
  io.info(`${dryRun ? 'would delete' : 'deleted'} ${count} versions; requests: ${requests}; plan: ${savedPlan}`);

  // The plan as a workflow artifact too, so a dry run's plan can be reviewed and applied later.
  const artifact = inputs.uploadArtifact
    ? await uploadWorkflowArtifact({
        name: `cleanup-plan-${owner.toLowerCase()}${attemptSuffix(context.runAttempt)}`,
        files: [savedPlan],
        rootDirectory: dirname(savedPlan),
        env: io.env,
      })
    : { uploaded: false, id: '', message: 'not uploaded (upload-artifact: false)' };
  (artifact.uploaded ? io.info : io.notice)(`plan artifact ${artifact.message}`);
  const outputs = {
    ...EMPTY,
    plan: savedPlan,
    deleted: JSON.stringify(result.deleted),
    kept: JSON.stringify(result.kept),
    'freed-bytes': String(result.freedBytes),
    'plan-artifact-id': artifact.id,
  };
  const plans = planSummary(result.file.packages, { dryRun, notes: result.notes });
  const summary = `${plans}\nPlan artifact: ${artifact.message}\n`;
  const broken = result.broken.join('; ');
  const failure = broken
    ? `after deleting, kept images were incomplete (${broken}); every version this run deleted was restored`
    : undefined;
  return { outputs, exports: {}, summary, ...(failure && { failure }) };
}

/** Package names, with globs (`app-*`) expanded against the owner's packages. */
async function expandPackageNames(
  requested: string[],
  owner: string,
  client: PackagesClient,
  io: StepIO,
): Promise<string[]> {
  const patterns = requested.filter((name) => /[*?]/.test(name));
  if (patterns.length === 0) return requested;
  const kind = await client.ownerKind(owner);
  const all = await client.listPackageNames({ kind: kind === 'org' ? 'org' : 'user', login: owner });
  const matchers = patterns.map(globToRegExp);
  const matched = all.filter((name) => matchers.some((m) => m.test(name)));
  if (matched.length === 0) {
    throw new InputError(
      'packages',
      patterns.join(','),
      `matches none of the ${all.length} container packages of ${owner}`,
      'Check the pattern, or list the package names.',
    );
  }
  io.info(`packages: ${patterns.join(', ')} matched ${matched.join(', ')}`);
  return [...new Set([...requested.filter((name) => !/[*?]/.test(name)), ...matched])];
}
