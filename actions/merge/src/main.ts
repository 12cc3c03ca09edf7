import * as core from '@actions/core';
import { readdirSync } from 'node:fs';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { parseImageRef } from '../../../packages/core/src/reference/index.ts';
import { RegistryClient } from '../../../packages/core/src/registry/index.ts';
import {
  credentialsForRegistry, digestsFromFileNames, mergeImages, mergeSummary, parseDigests, parseImages, parseIndexAnnotations, planTargets, promoteImage,
  type MergeResult,
} from '../../../packages/core/src/merge/index.ts';

async function run(): Promise<void> {
  const password = core.getInput('password');
  if (password) core.setSecret(password);
  const username = core.getInput('username');
  const inputs = username && password ? { username, password } : undefined;
  const mode = core.getInput('mode') || 'merge';
  if (mode !== 'merge' && mode !== 'promote') throw new InputError('mode', mode, 'mode is merge or promote', 'Set mode: merge or mode: promote.');
  const dryRun = core.getBooleanInput('dry-run');
  const targets = planTargets(parseImages(core.getInput('images')), core.getInput('tags'));

  const clients = new Map<string, RegistryClient>();
  const clientFor = (registry: string) => {
    let client = clients.get(registry);
    if (!client) {
      const { credentials, notes } = credentialsForRegistry(registry, inputs);
      for (const note of notes) core.info(`${registry}: ${note}`);
      client = new RegistryClient({ registry, ...(credentials && { credentials }) });
      clients.set(registry, client);
    }
    return client;
  };

  let result: MergeResult;
  if (mode === 'promote') {
    result = await promoteImage({ source: parseImageRef(core.getInput('source', { required: true }), { input: 'source' }), targets, dryRun }, clientFor);
  } else {
    const dir = core.getInput('digests-dir');
    const digests = [...parseDigests(core.getInput('digests')), ...(dir ? digestsFromFileNames(readdirSync(dir), dir) : [])];
    if (digests.length === 0) throw new InputError('digests', '', 'no digest to merge', 'Set "digests" or "digests-dir".');
    result = await mergeImages({ digests, targets, annotations: parseIndexAnnotations(core.getInput('annotations')), dryRun }, clientFor);
  }

  core.setOutput('digest', result.digest);
  core.setOutput('tags', result.refs.join('\n'));
  core.setOutput('platforms', result.entries.map((e) => e.platform).join(','));
  core.setOutput('metadata', JSON.stringify(result.metadata));
  const requests = [...clients.values()].reduce((sum, c) => sum + c.requestCount, 0);
  core.info(`${result.pushed ? 'pushed' : 'dry run, not pushed'}: ${result.digest} (${requests} registry requests)`);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(mergeSummary({ ...result, dryRun: !result.pushed, mode })).write();
}

run().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
