import { splitInputList } from '../actions/input-list.ts';
import { withPullRequestHeadSha, type Context } from '../context/index.ts';
import {
  annotationsAtLevels,
  defaultBuildArgs,
  mergeSorted,
  ociLabels,
  parseAnnotationLevels,
  parseKeyValues,
  type AnnotationLevel,
} from '../labels/index.ts';
import { computeTags, renderGlobalExpressions, type TagOptions, type TagsResult } from '../tags/index.ts';
import { parseImages, type ImageEntry } from './images.ts';

/** docker/metadata-action's inputs, as the raw strings a workflow gives, plus our additions. */
export interface MetadataInputs {
  images: string;
  tags: string;
  flavor: string;
  labels: string;
  annotations: string;
  /** `KEY=value` lines that override the default VERSION, COMMIT_SHA and BUILD_DATE. */
  buildArgs?: string;
  /** DOCKER_METADATA_ANNOTATIONS_LEVELS. */
  annotationLevels?: string;
  tagOptions?: TagOptions;
}

export interface TaggedImage {
  /** `image:tag` as docker/metadata-action writes it (bare tag when no image is given). */
  ref: string;
  tag: string;
  /** The tag rule line that produced the tag. */
  rule: string;
}

export interface Metadata {
  version: string;
  images: ImageEntry[];
  tags: TaggedImage[];
  tagNames: string[];
  labels: Array<[string, string]>;
  annotations: Array<[string, string]>;
  annotationLevels: AnnotationLevel[];
  buildArgs: Array<[string, string]>;
  explain: TagsResult['explain'];
  /** What was accepted as upstream accepts it but deserves a look (a dropped label line). */
  warnings: string[];
}

/** Everything the meta action outputs, computed without I/O. */
export function computeMetadata(inputs: MetadataInputs, workflowContext: Context): Metadata {
  const tagOptions = inputs.tagOptions ?? {};
  const context = tagOptions.prHeadSha ? withPullRequestHeadSha(workflowContext) : workflowContext;
  const images = parseImages(splitInputList(inputs.images));
  const annotationLevels = parseAnnotationLevels(inputs.annotationLevels);
  const result = computeTags({ tags: inputs.tags, flavor: inputs.flavor }, context, tagOptions);
  const version = result.version.main ?? '';
  const warnings = [...result.warnings];
  const render = (input: string) => (line: string) =>
    renderGlobalExpressions(line, context, tagOptions, input, warnings);
  const labelsOf = (name: 'labels' | 'annotations') =>
    ociLabels(context, result.version.main, {
      name,
      lines: splitInputList(inputs[name]),
      render: render(name),
      warn: (w) => warnings.push(w),
    });
  const prefixes = images.length > 0 ? images.map((image) => `${image.name}:`) : [''];
  const tags = prefixes.flatMap((prefix) =>
    result.tags.map(({ value, rule }) => ({ ref: `${prefix}${value}`, tag: value, rule })),
  );
  const extraBuildArgs = parseKeyValues(splitInputList(inputs.buildArgs ?? '').map(render('build-args')), 'build-args');
  return {
    version,
    images,
    tags,
    tagNames: result.tags.map(({ value }) => value),
    labels: labelsOf('labels'),
    annotations: labelsOf('annotations'),
    annotationLevels,
    buildArgs: mergeSorted([...defaultBuildArgs(context, result.version.main), ...extraBuildArgs]),
    explain: result.explain,
    warnings,
  };
}

export function leveledAnnotations(metadata: Metadata): string[] {
  return annotationsAtLevels(metadata.annotations, metadata.annotationLevels);
}
