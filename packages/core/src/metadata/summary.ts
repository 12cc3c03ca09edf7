import type { Metadata } from './compute-metadata.ts';

/** The job summary: what was tagged, by which rule, and with which labels. */
export function metadataSummary(metadata: Metadata): string {
  const lines = ['## Image metadata', ''];
  lines.push(`Version: \`${metadata.version || '(none)'}\``, '');
  if (metadata.tags.length === 0) {
    lines.push('No tag was produced. The rules below say why.', '');
  } else {
    lines.push('| Tag | Rule |', '| --- | --- |');
    for (const tag of metadata.tags) lines.push(`| \`${cell(tag.ref)}\` | \`${cell(tag.rule)}\` |`);
    lines.push('');
  }
  const silent = metadata.explain.filter((entry) => entry.tags.length === 0);
  if (silent.length > 0) {
    lines.push('| Rule that produced no tag | Why |', '| --- | --- |');
    for (const entry of silent) lines.push(`| \`${cell(entry.rule)}\` | ${cell(entry.reason ?? '')} |`);
    lines.push('');
  }
  lines.push('| Label | Value |', '| --- | --- |');
  for (const [key, value] of metadata.labels) lines.push(`| \`${cell(key)}\` | ${cell(value)} |`);
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
