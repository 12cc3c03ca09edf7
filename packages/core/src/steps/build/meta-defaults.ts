import { splitInputList } from '../../actions/input-list.ts';
import type { Env } from '../../context/index.ts';
import { leveledAnnotations } from '../../metadata/compute-metadata.ts';
import type { Metadata } from '../../metadata/index.ts';

/** What the meta step gives build where the user set nothing, as input lines. */
export interface MetaDefaults {
  tags: string[];
  labels: string[];
  annotations: string[];
  buildArgs: string[];
  /** The image names without tags, for push-by-digest. */
  imageRefs: string[];
}

/**
 * Meta's results as build takes them: typed from publish, which ran meta in the same process,
 * else from the DOCKER_METADATA_OUTPUT_* variables an earlier meta step exported. Tags never come
 * from the environment: a standalone build pushes only the tags its own input names.
 */
export function metaDefaults(env: Env, metadata?: Metadata): MetaDefaults {
  const lines = (pairs: Array<[string, string]>) => pairs.map(([key, value]) => `${key}=${value}`);
  if (metadata) {
    return {
      tags: metadata.tags.map((t) => t.ref),
      labels: lines(metadata.labels),
      annotations: leveledAnnotations(metadata),
      buildArgs: lines(metadata.buildArgs),
      imageRefs: metadata.images.map((i) => i.fullName),
    };
  }
  const exported = (name: string) => splitInputList(env[`DOCKER_METADATA_OUTPUT_${name}`] ?? '');
  return {
    tags: [],
    labels: exported('LABELS'),
    annotations: exported('ANNOTATIONS'),
    buildArgs: exported('BUILD_ARGS'),
    imageRefs: exported('IMAGE_REFS'),
  };
}
