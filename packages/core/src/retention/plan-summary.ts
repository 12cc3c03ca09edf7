import type { PlannedPackage } from './plan-file.ts';
import type { PlannedVersion } from './plan.ts';

/** The job summary: counts and bytes per package, and why each version goes. */
export function planSummary(
  packages: readonly PlannedPackage[],
  options: { dryRun: boolean; notes?: string[] },
): string {
  const title = `## ghcr-kit cleanup${options.dryRun ? ' (dry run: nothing deleted)' : ''}`;
  const lines = [title, '', '| package | kept | deleted | freed |', '| --- | ---: | ---: | ---: |'];
  for (const { owner, name, plan } of packages) {
    const { kept, deleted, freedBytes } = plan.totals;
    lines.push(`| ${owner}/${name} | ${kept} | ${deleted} | ${formatBytes(freedBytes)} |`);
  }
  for (const note of options.notes ?? []) lines.push('', `> ${note}`);
  for (const { owner, name, plan } of packages) {
    const deleted = plan.versions.filter((v) => v.action === 'delete');
    if (plan.warnings.length) {
      lines.push('', `### ${owner}/${name}: warnings`, '', ...plan.warnings.map((w) => `- ${w}`));
    }
    if (!deleted.length) continue;
    const summary = `<details><summary>${owner}/${name}: ${deleted.length} to delete</summary>`;
    lines.push('', summary, '', '| version | tags | reason |', '| --- | --- | --- |', ...deleted.map(deletionRow));
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

function deletionRow(version: PlannedVersion): string {
  const reasons = version.reasons.map((r) => r.message).join('; ');
  return `| ${version.id} \`${version.digest.slice(0, 19)}\` | ${version.tags.join(', ') || '—'} | ${reasons} |`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit ? value.toFixed(1) : value} ${units[unit]}`;
}
