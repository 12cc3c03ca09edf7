import * as core from '@actions/core';
import { input, runAction, writeSummary } from '@ghcr-kit/core/actions';
import { BuildFailure, buildSummary, parseBuildInputs, runBuild } from '@ghcr-kit/core/build';
import { loadContext } from '@ghcr-kit/core/context';

await runAction(async () => {
  const env = process.env;
  // Mask before anything can print them: secret values and the token.
  for (const line of input('secrets').split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(eq + 1).trim()) core.setSecret(line.slice(eq + 1).trim());
  }
  if (input('github-token')) core.setSecret(input('github-token'));

  const { context, warnings } = await loadContext(env, {});
  warnings.forEach((w) => core.warning(w));
  const inputs = parseBuildInputs(input, env, context);
  inputs.secrets.forEach((s) => core.setSecret(s.value));

  try {
    const outcome = await runBuild({ inputs, context, env, info: core.info, onSecretDir: (dir) => core.saveState('secret-dir', dir) });
    outcome.warnings.forEach((w) => core.warning(w));
    core.setOutput('digest', outcome.digest);
    core.setOutput('imageid', outcome.imageId);
    core.setOutput('metadata', JSON.stringify(outcome.metadata));
    core.setOutput('image-refs', outcome.imageRefs.join('\n'));
    core.setOutput('platforms', outcome.platforms.join(','));
    if (outcome.digestFile) core.setOutput('digest-file', outcome.digestFile);
    if (input('summary') !== 'false') {
      await writeSummary(buildSummary({
        engine: outcome.engine, engineReason: outcome.engineReason,
        images: inputs.pushByDigest ? inputs.digestImages : [...new Set(inputs.tags.map((t) => t.replace(/:[^:/]+$/, '')))],
        tags: inputs.tags, digest: outcome.digest, platforms: outcome.platforms, pushed: outcome.pushed, pushReason: inputs.pushReason,
        pushByDigest: inputs.pushByDigest, cache: outcome.cache.note, durationMs: outcome.durationMs, smoke: outcome.smoke,
        fromMeta: inputs.fromMeta, warnings: outcome.warnings,
      }));
    }
  } catch (error) {
    if (error instanceof BuildFailure) {
      const { annotation } = error;
      core.error(annotation.tail.join('\n'), { title: annotation.message, ...(annotation.file && { file: annotation.file }), ...(annotation.line && { startLine: annotation.line }) });
    }
    throw error;
  }
});
