import { readdirSync } from 'node:fs';
import type { StepIO, StepResult } from '../../actions/step.ts';
import { mergeImages, mergeSummary, promoteImage } from '../../merge/index.ts';
import { clientPool, credentialInputs } from '../../registry/index.ts';
import { parseMergeInputs, type ListDirectory } from './inputs.ts';

/** The merge action's outputs; action.yml declares exactly these. */
export const MERGE_OUTPUTS = ['digest', 'tags', 'platforms', 'metadata'] as const;
export type MergeOutput = (typeof MERGE_OUTPUTS)[number];

const listDirectory: ListDirectory = (dir) => {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/**
 * The merge action: joins per-platform digests into one tagged index, or adds tags to an
 * existing image (promote). Every input is checked before the first registry request.
 */
export async function mergeStep(io: StepIO): Promise<StepResult<MergeOutput>> {
  for (const secret of [io.read('password'), io.read('github-token')]) if (secret) io.mask(secret);
  const inputs = parseMergeInputs(io.read, listDirectory);
  io.info(inputs.modeReason);
  const log = { info: (line: string) => io.info(line), warning: (line: string) => io.warning(line) };
  const pool = clientPool(credentialInputs(inputs.credentials, io.context.actor), log, io.env, io.sleep);
  const { targets, dryRun } = inputs;
  const result = inputs.source
    ? await promoteImage({ source: inputs.source, targets, dryRun }, pool.clientFor)
    : await mergeImages({ digests: inputs.digests, targets, annotations: inputs.annotations, dryRun }, pool.clientFor);
  io.info(
    `${result.pushed ? 'pushed' : 'dry run, not pushed'}: ${result.digest} (${pool.requestCount()} registry requests)`,
  );
  const outputs: Record<MergeOutput, string> = {
    digest: result.digest,
    tags: result.refs.join('\n'),
    platforms: result.entries.map((e) => e.platform).join(','),
    metadata: JSON.stringify(result.metadata),
  };
  return { outputs, exports: {}, summary: mergeSummary({ ...result, dryRun: !result.pushed, mode: inputs.mode }) };
}
