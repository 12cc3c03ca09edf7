import { readdirSync } from 'node:fs';
import * as core from '@actions/core';
import { booleanInput, choiceInput, input, runAction, runnerLogger, secretInput, writeSummary } from '@ghcr-kit/core/actions';
import { InputError } from '@ghcr-kit/core/errors';
import { parseImageRef } from '@ghcr-kit/core/reference';
import { clientPool, credentialInputs } from '@ghcr-kit/core/registry';
import { digestsFromFileNames, mergeImages, mergeSummary, parseDigests, parseIndexAnnotations, parseTargetImages, planTargets, promoteImage, type MergeResult } from '@ghcr-kit/core/merge';

await runAction(async () => {
  const pool = clientPool(credentialInputs({ username: input('username'), password: secretInput('password'), token: secretInput('github-token') }, process.env.GITHUB_ACTOR ?? ''), runnerLogger);
  const mode = choiceInput('mode', ['merge', 'promote'] as const, 'merge');
  const dryRun = booleanInput('dry-run', false);
  const targets = planTargets(parseTargetImages(input('images')), input('tags'));

  let result: MergeResult;
  if (mode === 'promote') {
    const source = input('source');
    if (!source) throw new InputError('source', '', 'promote needs the image to promote', 'Set source to name:tag or name@sha256:<hex>.');
    result = await promoteImage({ source: parseImageRef(source, { input: 'source' }), targets, dryRun }, pool.clientFor);
  } else {
    const dir = input('digests-dir');
    const digests = [...parseDigests(input('digests')), ...(dir ? digestsFromFileNames(readdirSync(dir), dir) : [])];
    if (digests.length === 0) throw new InputError('digests', '', 'no digest to merge', 'Set "digests" or "digests-dir".');
    result = await mergeImages({ digests, targets, annotations: parseIndexAnnotations(input('annotations')), dryRun }, pool.clientFor);
  }

  core.setOutput('digest', result.digest);
  core.setOutput('tags', result.refs.join('\n'));
  core.setOutput('platforms', result.entries.map((e) => e.platform).join(','));
  core.setOutput('metadata', JSON.stringify(result.metadata));
  core.info(`${result.pushed ? 'pushed' : 'dry run, not pushed'}: ${result.digest} (${pool.requestCount()} registry requests)`);
  await writeSummary(mergeSummary({ ...result, dryRun: !result.pushed, mode }));
});
