import type { PlannedPackage } from './plan-file.ts';
import { formatBytes } from './plan-summary.ts';

/**
 * A plan as a terminal table: every version with keep or delete and the reason, per package,
 * then the totals and the plan's warnings. What `ghcr-kit retention` prints.
 */
export function planTable(packages: readonly PlannedPackage[]): string {
  const lines: string[] = [];
  for (const { owner, name, plan } of packages) {
    const { kept, deleted, freedBytes } = plan.totals;
    lines.push(`${owner}/${name}: keep ${kept}, delete ${deleted}, frees ${formatBytes(freedBytes)}`);
    const rows = plan.versions.map((v) => [
      String(v.id),
      v.digest.slice(0, 19),
      v.tags.join(', ') || '—',
      v.action,
      v.reasons.map((r) => r.message).join('; '),
    ]);
    const header = ['version', 'digest', 'tags', 'action', 'reason'];
    const widths = header.map((title, column) =>
      Math.min(column === 2 ? 40 : 80, Math.max(title.length, ...rows.map((row) => row[column]!.length))),
    );
    const format = (row: string[]) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd();
    lines.push(format(header), ...rows.map(format));
    for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
