import { readBoolean, readChoice, splitInputList, type ReadInput } from '../../actions/index.ts';
import type { Env } from '../../context/index.ts';
import { InputError } from '../../errors/index.ts';
import { parseAnnotationLevels, parseKeyValues } from '../../labels/index.ts';
import { parseImages, type MetadataInputs, type OutputSeparators } from '../../metadata/index.ts';
import {
  checkTemplateOf,
  GLOBAL_EXPRESSIONS,
  parseFlavor,
  parseTagRules,
  tagOptionsFromEnv,
} from '../../tags/index.ts';

/** Every input of the meta action and every DOCKER_METADATA_* switch, read and checked. */
export interface MetaInputs {
  source: 'workflow' | 'git';
  dateSource: 'now' | 'commit';
  metadata: MetadataInputs;
  separators: OutputSeparators;
  bakeTarget: string;
  summary: boolean;
  githubToken: string;
  /** DOCKER_METADATA_SET_OUTPUT_ENV: export DOCKER_METADATA_OUTPUT_* (default true). */
  exportEnv: boolean;
}

/**
 * Reads the inputs and parses each once, so a typo anywhere (`summary: maybe`, an unknown tag
 * type, an image name with a space) fails before the repository facts are fetched, naming the
 * input. computeMetadata parses the same text again; that costs microseconds and keeps it pure.
 */
export function parseMetaInputs(read: ReadInput, env: Env): MetaInputs {
  const metadata: MetadataInputs = {
    images: read('images'),
    tags: read('tags'),
    flavor: read('flavor'),
    labels: read('labels'),
    annotations: read('annotations'),
    buildArgs: read('build-args'),
    annotationLevels: env.DOCKER_METADATA_ANNOTATIONS_LEVELS,
    tagOptions: tagOptionsFromEnv(env),
  };
  parseImages(splitInputList(metadata.images));
  parseTagRules(metadata.tags);
  parseFlavor(metadata.flavor);
  parseKeyValues(splitInputList(metadata.buildArgs ?? ''), 'build-args');
  for (const name of ['labels', 'annotations', 'build-args'] as const) {
    const text = name === 'build-args' ? (metadata.buildArgs ?? '') : metadata[name];
    splitInputList(text).forEach((line) => checkTemplateOf(name, line, line, GLOBAL_EXPRESSIONS));
  }
  parseAnnotationLevels(metadata.annotationLevels);
  // Separators keep their spaces (`sep-tags: ', '`), as upstream reads them.
  const separator = (name: string) => read(name, { trim: false }) || '\n';
  return {
    source: readChoice(read, 'context', ['workflow', 'git'] as const, 'workflow'),
    dateSource: readChoice(read, 'date-source', ['now', 'commit'] as const, 'now'),
    metadata,
    separators: {
      tags: separator('sep-tags'),
      labels: separator('sep-labels'),
      annotations: separator('sep-annotations'),
    },
    bakeTarget: read('bake-target') || 'docker-metadata-action',
    summary: readBoolean(read, 'summary', true),
    githubToken: read('github-token'),
    exportEnv: envBoolean(env, 'DOCKER_METADATA_SET_OUTPUT_ENV', true),
  };
}

// The spellings upstream's parseBool takes (Go's strconv.ParseBool, less its mixed cases).
function envBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return fallback;
  if (/^(1|t|true)$/i.test(raw)) return true;
  if (/^(0|f|false)$/i.test(raw)) return false;
  throw new InputError(name, raw, 'is not a boolean', 'Set true or false, or unset it.');
}
