export {
  parseTargetImages,
  parseDigests,
  digestsFromFileNames,
  planTargets,
  parseIndexAnnotations,
  type MergeTarget,
  type DigestInput,
} from './inputs.ts';
export {
  mergeImages,
  promoteImage,
  type MergeRequest,
  type PromoteRequest,
  type MergeResult,
  type ClientFor,
} from './merge.ts';
export { ensureManifest, type Location } from './copy-manifest.ts';
export { mergeMetadata, mergeSummary, type MergeEntry } from './metadata.ts';
