import { imageName } from '../reference/index.ts';
import type { MergeTarget } from './inputs.ts';

export interface MergeEntry {
  platform: string;
  digest: string;
}

/**
 * The same keys as buildx's `--metadata-file`, so steps written against
 * docker/build-push-action's `metadata` output read ours unchanged.
 * https://docs.docker.com/reference/cli/docker/buildx/build/#metadata-file
 */
export function mergeMetadata(
  digest: string,
  mediaType: string,
  size: number,
  targets: readonly MergeTarget[],
): Record<string, unknown> {
  const names = targets.flatMap((t) =>
    t.tags.length ? t.tags.map((tag) => `${imageName(t.image)}:${tag}`) : [imageName(t.image)],
  );
  return {
    'containerimage.descriptor': { mediaType, digest, size },
    'containerimage.digest': digest,
    'image.name': names.join(','),
  };
}

export interface MergeSummaryInput {
  digest: string;
  entries: readonly MergeEntry[];
  refs: readonly string[];
  dryRun: boolean;
  mode: string;
}

/** Markdown for the job summary: where it went, and which digest serves which platform. */
export function mergeSummary(result: MergeSummaryInput): string {
  const done = result.mode === 'promote' ? 'Promoted' : 'Merged';
  const lines = [
    `### ${done} image${result.dryRun ? ' (dry run: nothing pushed)' : ''}`,
    '',
    `Index digest: \`${result.digest}\``,
    '',
  ];
  if (result.entries.length) {
    lines.push('| Platform | Digest |', '| --- | --- |');
    for (const entry of result.entries) lines.push(`| ${entry.platform} | \`${entry.digest}\` |`);
    lines.push('');
  }
  if (result.refs.length) lines.push('Tags:', '', ...result.refs.map((ref) => `- \`${ref}\``), '');
  return lines.join('\n');
}
