export { ociLabels, defaultOciLabels } from './oci-labels.ts';
export { parseKeyValue, parseKeyValues, mergeSorted } from './key-values.ts';
export { ANNOTATION_LEVELS, parseAnnotationLevels, annotationsAtLevels, type AnnotationLevel } from './annotation-levels.ts';
export { defaultBuildArgs } from './build-args.ts';
