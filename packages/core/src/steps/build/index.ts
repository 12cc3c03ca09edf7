export { buildStep, BUILD_OUTPUTS, type BuildOutput } from './step.ts';
export { parseBuildInputs, splitCommandLine } from './inputs.ts';
