export {
  looksLikeRegistryHost,
  parseImageRef,
  parseImageName,
  imageName,
  formatImageRef,
  isSha256Digest,
  isValidTag,
  DOCKER_HUB,
  type ImageRef,
  type ParseOptions,
} from './image-ref.ts';
