import { InputError } from '../errors/index.ts';

/**
 * Where an annotation goes when buildx writes it.
 * https://docs.docker.com/build/metadata/annotations/#specify-annotation-level
 */
export const ANNOTATION_LEVELS = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'] as const;
export type AnnotationLevel = (typeof ANNOTATION_LEVELS)[number];

/** Reads DOCKER_METADATA_ANNOTATIONS_LEVELS (default `manifest`). */
export function parseAnnotationLevels(raw: string | undefined): AnnotationLevel[] {
  const text = raw?.trim() || 'manifest';
  const levels = text
    .split(',')
    .map((level) => level.trim())
    .filter(Boolean);
  for (const level of levels) {
    if (!(ANNOTATION_LEVELS as readonly string[]).includes(level)) {
      throw new InputError(
        'DOCKER_METADATA_ANNOTATIONS_LEVELS',
        text,
        `"${level}" is not an annotation level`,
        `Use a comma-separated list of ${ANNOTATION_LEVELS.join(', ')}.`,
      );
    }
  }
  return [...new Set(levels)] as AnnotationLevel[];
}

/** `level:key=value` for every level, the form buildx's --annotation takes. */
export function annotationsAtLevels(annotations: Array<[string, string]>, levels: AnnotationLevel[]): string[] {
  return levels.flatMap((level) => annotations.map(([key, value]) => `${level}:${key}=${value}`));
}
