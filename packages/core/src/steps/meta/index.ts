export { metaStep, META_OUTPUTS, type MetaOutput } from './step.ts';
