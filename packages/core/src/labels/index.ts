export { ociLabels, defaultOciLabels, type LabelInput } from './oci-labels.ts';
export { parseKeyValue, parseKeyValues, parseLabelLines, mergeSorted } from './key-values.ts';
export {
  ANNOTATION_LEVELS,
  parseAnnotationLevels,
  annotationsAtLevels,
  type AnnotationLevel,
} from './annotation-levels.ts';
export { defaultBuildArgs } from './build-args.ts';
