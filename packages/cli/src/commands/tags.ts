import { computeMetadata, metadataJson, type Metadata } from '@ghcr-kit/core/metadata';
import { tagOptionsFromEnv } from '@ghcr-kit/core/tags';
import type { Context } from '@ghcr-kit/core/context';

export interface TagsFlags {
  images?: string;
  tags?: string;
  flavor?: string;
  labels?: string;
  annotations?: string;
  explain?: boolean;
  json?: boolean;
}

/** `ghcr-kit tags`: what the meta action would output for this event, with the same engine. */
export function previewTags(
  flags: TagsFlags,
  context: Context,
  env: Record<string, string | undefined>,
): { metadata: Metadata; text: string } {
  const metadata = computeMetadata(
    {
      images: flags.images ?? '',
      tags: flags.tags ?? '',
      flavor: flags.flavor ?? '',
      labels: flags.labels ?? '',
      annotations: flags.annotations ?? '',
      annotationLevels: env.DOCKER_METADATA_ANNOTATIONS_LEVELS,
      tagOptions: tagOptionsFromEnv(env),
    },
    context,
  );
  if (flags.json) {
    const body = {
      version: metadata.version,
      ...metadataJson(metadata),
      buildArgs: Object.fromEntries(metadata.buildArgs),
      ...(flags.explain && { explain: metadata.explain }),
    };
    return { metadata, text: `${JSON.stringify(body, null, 2)}\n` };
  }
  return { metadata, text: renderText(metadata, flags.explain === true) };
}

export function renderText(metadata: Metadata, explain: boolean): string {
  const out: string[] = [];
  out.push(`version: ${metadata.version || '(none)'}`, '', 'tags:');
  if (metadata.tags.length === 0) out.push('  (none)');
  const width = Math.max(0, ...metadata.tags.map((t) => t.ref.length));
  for (const tag of metadata.tags) out.push(`  ${tag.ref.padEnd(width)}  ← ${tag.rule}`);
  out.push('', 'labels:');
  for (const [key, value] of metadata.labels) out.push(`  ${key}=${value}`);
  out.push('', 'build args:');
  for (const [key, value] of metadata.buildArgs) out.push(`  ${key}=${value}`);
  if (explain) {
    out.push('', 'rules:');
    for (const entry of metadata.explain) {
      out.push(`  ${entry.rule}`);
      out.push(
        entry.tags.length > 0 ? `    → ${entry.tags.join(', ')}` : `    → no tag: ${entry.reason ?? 'disabled'}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
