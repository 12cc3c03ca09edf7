export { parsePlatform, formatPlatform, executableArchitectures, builtPlatforms, type Platform } from './platforms.ts';
export { parseCacheSpec, formatCacheSpec, cacheAttr, type CacheSpec } from './cache-spec.ts';
export {
  defaultCachePlan,
  ghaScope,
  ghaCacheAvailable,
  cacheBranch,
  type CachePlan,
  type CacheMode,
  type CacheScopeInput,
} from './cache-scope.ts';
export type { BuildInputs, Secret, EngineChoice } from './build-inputs.ts';
export { parseBuildxVersion, buildxSatisfies } from './buildx-version.ts';
export {
  buildxBuildArgs,
  digestOutput,
  gitAuthTokenId,
  type BuildxArgsOptions,
  type BuildxCommand,
} from './buildx-args.ts';
export { parseBuildxMetadata, BuildxMetadataSchema, type BuildxMetadata, type BuildResult } from './buildx-metadata.ts';
export {
  checkBuildahInputs,
  buildahEnvironment,
  buildahBuildArgs,
  buildahLayoutArgs,
  skopeoPushArgs,
  buildahCacheRepository,
  isLoopbackRegistry,
  type BuildahArgsOptions,
  type BuildahCommand,
} from './buildah-args.ts';
export {
  chooseEngine,
  parseBuilderInspect,
  type Engine,
  type EngineDecision,
  type EngineProbe,
  type BuilderInfo,
} from './engine.ts';
export { parseBuildFailure, type FailureAnnotation } from './failure-annotation.ts';
export { planSmokeTest, smokeCommand, type SmokePlan } from './smoke-test.ts';
export { imageRefs } from './image-refs.ts';
export { writeDigestFile } from './digest-file.ts';
export { writeSecretFiles, removeSecretFiles } from './secret-files.ts';
export { buildSummary, type BuildSummary } from './summary.ts';
export { runBuild, BuildFailure, type BuildOutcome, type RunBuildOptions } from './run-build.ts';
export { countCachedSteps, type CachedSteps } from './cached-steps.ts';
export {
  defaultGitContext,
  renderDefaultContext,
  usesDefaultContext,
  DEFAULT_CONTEXT_TEMPLATE,
} from './git-context.ts';
export { attestArgs, builderId, type AttestOptions } from './attest-args.ts';
export { tagAsWritten } from './tag-as-written.ts';
export { isTransientPushFailure, withPushRetry, DEFAULT_PUSH_RETRY, type PushRetry } from './push-retry.ts';
