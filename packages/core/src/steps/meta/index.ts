export { metaStep, META_OUTPUTS, type MetaOutput } from './step.ts';
export { parseMetaInputs, type MetaInputs } from './inputs.ts';
