import type { Context } from '../context/index.ts';
import { mergeSorted, parseLabelLines } from './key-values.ts';

/**
 * The OCI pre-defined annotation keys that docker/metadata-action fills by default.
 * https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys
 */
export function defaultOciLabels(context: Context, version: string | undefined): Array<[string, string]> {
  const { repository } = context;
  return [
    ['org.opencontainers.image.title', repository.name],
    ['org.opencontainers.image.description', repository.description],
    ['org.opencontainers.image.url', repository.htmlUrl],
    ['org.opencontainers.image.source', repository.htmlUrl],
    ['org.opencontainers.image.version', version ?? ''],
    ['org.opencontainers.image.created', context.date.toISOString()],
    ['org.opencontainers.image.revision', context.sha],
    ['org.opencontainers.image.licenses', repository.license],
  ];
}

export interface LabelInput {
  name: 'labels' | 'annotations';
  lines: string[];
  /** Evaluates `{{branch}}`-style expressions; passed in so labels stay independent of the tag engine. */
  render: (line: string) => string;
  warn: (message: string) => void;
}

/** Defaults plus the user's lines (after global expressions), user lines winning. */
export function ociLabels(context: Context, version: string | undefined, input: LabelInput): Array<[string, string]> {
  const extra = parseLabelLines(input.lines.map(input.render), input.name, input.warn);
  return mergeSorted([...defaultOciLabels(context, version), ...extra]);
}
