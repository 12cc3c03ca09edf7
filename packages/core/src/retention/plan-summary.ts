import type { PlannedPackage } from './plan-file.ts';

/** The job summary: counts and bytes per package, and why each version goes. */
export function planSummary(packages: readonly PlannedPackage[], options: { dryRun: boolean; notes?: string[] }): string {
  const lines = [`## ghcr-kit cleanup${options.dryRun ? ' (dry run: nothing deleted)' : ''}`, '', '| package | kept | deleted | freed |', '| --- | ---: | ---: | ---: |'];
  for (const { owner, name, plan } of packages) {
    lines.push(`| ${owner}/${name} | ${plan.totals.kept} | ${plan.totals.deleted} | ${formatBytes(plan.totals.freedBytes)} |`);
  }
  for (const note of options.notes ?? []) lines.push('', `> ${note}`);
  for (const { owner, name, plan } of packages) {
    const deleted = plan.versions.filter((v) => v.action === 'delete');
    if (plan.warnings.length) lines.push('', `### ${owner}/${name}: warnings`, '', ...plan.warnings.map((w) => `- ${w}`));
    if (!deleted.length) continue;
    lines.push('', `<details><summary>${owner}/${name}: ${deleted.length} to delete</summary>`, '', '| version | tags | reason |', '| --- | --- | --- |');
    for (const v of deleted) lines.push(`| ${v.id} \`${v.digest.slice(0, 19)}\` | ${v.tags.join(', ') || '—'} | ${v.reasons.map((r) => r.message).join('; ')} |`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
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
