import type { StepIO, StepResult } from '../actions/index.ts';
import { buildStep, BUILD_OUTPUTS, type BuildOutput } from '../build/index.ts';
import { metaStep, META_OUTPUTS, type MetaOutput } from '../metadata/index.ts';
import { buildInputs, metaInputs } from './step-inputs.ts';

/** The union of the steps' outputs; a name two steps share is the later step's. */
export const PUBLISH_OUTPUTS = [...new Set([...META_OUTPUTS, ...BUILD_OUTPUTS])];

/**
 * The root action: meta → build (→ scan → attest) in one process sharing one Context. Each
 * step is the single action's own step, fed through readers that add publish's defaults and
 * pass one step's outputs to the next. Outputs are the union (later steps win a shared name:
 * `image-refs` is build's `name@digest`); the summary is one page for the pipeline.
 */
export async function publishStep(io: StepIO, onSecretDir?: (dir: string) => void): Promise<StepResult<MetaOutput | BuildOutput>> {
  const meta = await metaStep({ ...io, read: metaInputs(io.read, io.context) });
  const build = await buildStep({ ...io, read: buildInputs(io.read, meta.outputs) }, onSecretDir);
  const steps: Array<[string, string]> = [
    ['meta', `${meta.metadata.tags.length} tags, version \`${meta.metadata.version || '(none)'}\``],
    ['build', build.outcome.pushed ? `pushed \`${build.outcome.digest}\`` : 'built, not pushed'],
  ];
  const header = ['# ghcr-kit publish', '', '| Step | Result |', '| --- | --- |', ...steps.map(([step, result]) => `| ${step} | ${result} |`), ''].join('\n');
  return {
    outputs: { ...meta.outputs, ...build.outputs },
    exports: meta.exports,
    summary: [header, meta.summary, build.summary].filter(Boolean).join('\n'),
  };
}
