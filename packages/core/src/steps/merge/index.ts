export { mergeStep, MERGE_OUTPUTS, type MergeOutput } from './step.ts';
export { parseMergeInputs, type MergeInputs, type MergeMode, type ListDirectory } from './inputs.ts';
