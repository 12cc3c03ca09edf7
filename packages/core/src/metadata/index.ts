export {
  computeMetadata,
  leveledAnnotations,
  type Metadata,
  type MetadataInputs,
  type TaggedImage,
} from './compute-metadata.ts';
export { metadataJson, metadataOutputs, bakeDefinition, type BakeKind, type OutputSeparators } from './outputs.ts';
export { parseImages, type ImageEntry } from './images.ts';
export { metadataSummary } from './summary.ts';
