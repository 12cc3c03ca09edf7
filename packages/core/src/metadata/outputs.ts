import { leveledAnnotations, type Metadata } from './compute-metadata.ts';

export interface OutputSeparators {
  tags: string;
  labels: string;
  annotations: string;
}

export interface MetadataJson {
  tags: string[];
  /** The tags without the image names, once each. */
  'tag-names': string[];
  labels: Record<string, string>;
  annotations: string[];
}

/** The `json` output, shaped exactly as docker/metadata-action's so `fromJSON()` users keep working. */
export function metadataJson(metadata: Metadata): MetadataJson {
  return {
    tags: metadata.tags.map((t) => t.ref),
    'tag-names': metadata.tagNames,
    labels: Object.fromEntries(metadata.labels),
    annotations: leveledAnnotations(metadata),
  };
}

export type BakeKind = 'tags' | 'labels' | 'annotations' | 'combined';

/**
 * Bake definitions for docker/bake-action, one per kind, keyed by the target name.
 * https://docs.docker.com/build/bake/reference/#target
 */
export function bakeDefinition(metadata: Metadata, kind: BakeKind, target: string): unknown {
  const args = {
    DOCKER_META_IMAGES: metadata.images.map((i) => i.name).join(','),
    DOCKER_META_VERSION: metadata.version,
  };
  const tags = metadata.tags.map((t) => t.ref);
  const labels = Object.fromEntries(metadata.labels);
  const body =
    kind === 'tags'
      ? { tags, args }
      : kind === 'labels'
        ? { labels }
        : kind === 'annotations'
          ? { annotations: leveledAnnotations(metadata) }
          : { tags, labels, args };
  return { target: { [target]: body } };
}

/** Every string output of the action, by output name (bake files are added by the shell). */
export function metadataOutputs(metadata: Metadata, separators: OutputSeparators) {
  return {
    version: metadata.version,
    tags: metadata.tags.map((t) => t.ref).join(separators.tags),
    'tag-names': metadata.tagNames.join(separators.tags),
    labels: metadata.labels.map(([k, v]) => `${k}=${v}`).join(separators.labels),
    annotations: leveledAnnotations(metadata).join(separators.annotations),
    json: JSON.stringify(metadataJson(metadata)),
    'image-refs': metadata.images.map((i) => i.fullName).join('\n'),
    'build-args': metadata.buildArgs.map(([k, v]) => `${k}=${v}`).join('\n'),
    explain: JSON.stringify(metadata.explain),
  };
}
