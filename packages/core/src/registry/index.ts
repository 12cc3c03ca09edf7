export * from './media-types.ts';
export * from './schemas.ts';
export { RegistryError } from './registry-error.ts';
export { redactSecrets, basicCredential } from './redact.ts';
export { parseChallenge, repositoryScope, type Challenge } from './challenge.ts';
export {
  credentialsFromDockerConfig,
  loadDockerCredentials,
  dockerConfigPath,
  type Credentials,
  type DockerConfigLookup,
} from './docker-config.ts';
export { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retry.ts';
export { RegistryClient, type RegistryClientOptions, type RegistryRequest } from './client.ts';
export { sha256Digest } from './digest.ts';
export {
  getManifest,
  headManifest,
  putManifest,
  deleteManifest,
  MANIFEST_SIZE_LIMIT,
  type ManifestBytes,
  type ManifestHead,
  type PutManifestResult,
} from './manifests.ts';
export {
  headBlob,
  getBlob,
  readBlob,
  uploadBlob,
  uploadBlobChunked,
  mountBlob,
  copyBlob,
  rechunk,
  type BlobStream,
  type MountResult,
} from './blobs.ts';
export { nextLink } from './link-header.ts';
export { listTags, type ListTagsOptions } from './tags.ts';
export { listReferrers, addToReferrersTag, referrersTag, type Referrers } from './referrers.ts';
export {
  parseManifest,
  classifyDescriptor,
  classifyManifest,
  platformKey,
  isUnknownPlatform,
  type NodeKind,
  type ParsedManifest,
} from './manifest-kinds.ts';
export {
  manifestGraph,
  manifestNode,
  nodeKind,
  platformEntries,
  reachableFrom,
  type ManifestNode,
  type ManifestGraph,
} from './manifest-graph.ts';
export { fetchFrom, readManifestGraph, readManifestNode, readPlatform, type FetchManifest } from './read-manifests.ts';
export { loadImageGraph, walkGraph, type ImageNode, type LoadGraphOptions } from './image-graph.ts';
export { composeIndex, type PlatformSource, type ComposedIndex, type ComposeOptions } from './compose-index.ts';
export {
  credentialsForRegistry,
  credentialInputs,
  clientPool,
  type CredentialInputs,
  type ClientPool,
} from './credentials.ts';
