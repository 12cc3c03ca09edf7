import type { StepIO, StepResult } from '../../actions/step.ts';
import { BuildFailure, buildSummary, runBuild, type BuildOutcome } from '../../build/index.ts';
import type { Metadata } from '../../metadata/index.ts';
import { imageName, parseImageRef } from '../../reference/index.ts';
import { parseBuildInputs } from './inputs.ts';

/** The build action's outputs; action.yml declares exactly these. */
export const BUILD_OUTPUTS = ['digest', 'imageid', 'metadata', 'image-refs', 'platforms', 'digest-file'] as const;
export type BuildOutput = (typeof BUILD_OUTPUTS)[number];

/**
 * The build action: inputs validated before any builder starts, secrets masked first, the
 * build run, outputs and the summary. Where secret files live is kept for the post step
 * (`io.saveState`), which removes them; `metadata` is meta's result when meta ran in the same
 * process.
 */
export async function buildStep(
  io: StepIO,
  metadata?: Metadata,
): Promise<StepResult<BuildOutput> & { outcome: BuildOutcome }> {
  const { read, env, context } = io;
  // Mask before anything can print them, even a line the parser will refuse: secret values and the token.
  for (const line of read('secrets', { trim: false }).split(/\r?\n/)) {
    const value = line.slice(line.indexOf('=') + 1).trim();
    if (line.includes('=') && value) io.mask(value);
  }
  if (read('github-token')) io.mask(read('github-token'));
  const inputs = parseBuildInputs(read, env, context, metadata);
  // A multi-line secret is masked whole and line by line: the log prints output line by line.
  for (const { value } of inputs.secrets)
    for (const part of [value, ...value.split(/\r?\n/)]) if (part.trim()) io.mask(part);

  let outcome: BuildOutcome;
  try {
    const onSecretDir = (dir: string) => io.saveState('secret-dir', dir);
    outcome = await runBuild({ inputs, context, env, info: io.info, onSecretDir });
  } catch (error) {
    if (error instanceof BuildFailure) {
      const { annotation } = error;
      io.error(annotation.tail.join('\n'), {
        title: annotation.message,
        ...(annotation.file && { file: annotation.file }),
        ...(annotation.line && { line: annotation.line }),
      });
    }
    throw error;
  }
  outcome.warnings.forEach((w) => io.warning(w));
  const outputs: Record<BuildOutput, string> = {
    digest: outcome.digest,
    imageid: outcome.imageId,
    metadata: JSON.stringify(outcome.metadata),
    'image-refs': outcome.imageRefs.join('\n'),
    platforms: outcome.platforms.join(','),
    'digest-file': outcome.digestFile ?? '',
  };
  const summary = !inputs.summary
    ? ''
    : buildSummary({
        engine: outcome.engine,
        engineReason: outcome.engineReason,
        images: inputs.pushByDigest
          ? inputs.digestImages
          : [...new Set(inputs.tags.map((t) => imageName(parseImageRef(t, { input: 'tags' }))))],
        tags: inputs.tags,
        digest: outcome.digest,
        platforms: outcome.platforms,
        pushed: outcome.pushed,
        pushReason: inputs.pushReason,
        pushByDigest: inputs.pushByDigest,
        cache: outcome.cache.note,
        ...(outcome.cachedSteps && { cachedSteps: outcome.cachedSteps }),
        durationMs: outcome.durationMs,
        smoke: outcome.smoke,
        fromMeta: inputs.fromMeta,
        warnings: outcome.warnings,
      });
  return { outputs, exports: {}, summary, outcome };
}
