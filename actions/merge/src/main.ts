import { readdirSync } from 'node:fs';
import * as core from '@actions/core';
import { booleanInput, choiceInput, input, runAction, secretInput, writeSummary } from '@ghcr-kit/core/actions';
import { InputError } from '@ghcr-kit/core/errors';
import { parseImageRef } from '@ghcr-kit/core/reference';
import { RegistryClient } from '@ghcr-kit/core/registry';
import {
  credentialsForRegistry, digestsFromFileNames, mergeImages, mergeSummary, parseDigests, parseIndexAnnotations, parseTargetImages, planTargets, promoteImage,
  type CredentialInputs, type MergeResult,
} from '@ghcr-kit/core/merge';

await runAction(async () => {
  const password = secretInput('password');
  const token = secretInput('github-token');
  const username = input('username');
  const credentials: CredentialInputs = {
    ...(username && password && { explicit: { username, password } }),
    ...(token && { github: { username: process.env.GITHUB_ACTOR || 'github-actions', password: token } }),
  };
  const mode = choiceInput('mode', ['merge', 'promote'] as const, 'merge');
  const dryRun = booleanInput('dry-run', false);
  const targets = planTargets(parseTargetImages(input('images')), input('tags'));

  const clients = new Map<string, RegistryClient>();
  const clientFor = (registry: string) => {
    let client = clients.get(registry);
    if (!client) {
      const found = credentialsForRegistry(registry, credentials);
      for (const note of found.notes) core.info(`${registry}: ${note}`);
      client = new RegistryClient({ registry, ...(found.credentials && { credentials: found.credentials }) });
      clients.set(registry, client);
    }
    return client;
  };

  let result: MergeResult;
  if (mode === 'promote') {
    const source = input('source');
    if (!source) throw new InputError('source', '', 'promote needs the image to promote', 'Set source to name:tag or name@sha256:<hex>.');
    result = await promoteImage({ source: parseImageRef(source, { input: 'source' }), targets, dryRun }, clientFor);
  } else {
    const dir = input('digests-dir');
    const digests = [...parseDigests(input('digests')), ...(dir ? digestsFromFileNames(readdirSync(dir), dir) : [])];
    if (digests.length === 0) throw new InputError('digests', '', 'no digest to merge', 'Set "digests" or "digests-dir".');
    result = await mergeImages({ digests, targets, annotations: parseIndexAnnotations(input('annotations')), dryRun }, clientFor);
  }

  core.setOutput('digest', result.digest);
  core.setOutput('tags', result.refs.join('\n'));
  core.setOutput('platforms', result.entries.map((e) => e.platform).join(','));
  core.setOutput('metadata', JSON.stringify(result.metadata));
  const requests = [...clients.values()].reduce((sum, c) => sum + c.requestCount, 0);
  core.info(`${result.pushed ? 'pushed' : 'dry run, not pushed'}: ${result.digest} (${requests} registry requests)`);
  await writeSummary(mergeSummary({ ...result, dryRun: !result.pushed, mode }));
});
