import { countBySeverity, distinctFindings, type Finding } from './findings.ts';
import type { GateVerdict } from './gate.ts';
import type { ShapedSarif } from './sarif.ts';
import { SEVERITIES } from './severity.ts';
import type { ExpiredIgnore } from './trivyignore.ts';

export interface ScannedTarget {
  /** What was scanned, as the user named it (`ghcr.io/acme/app:1.0`, `.`). */
  label: string;
  /** `linux/amd64`, or '' for targets without a platform. */
  platform: string;
  findings: Finding[];
}

export interface ScannerIdentity {
  tool: string;
  version: string;
  sha256: string;
  /** `table`, `input`, or `path` (scanner-from-path: the hash of the binary that ran). */
  from: string;
}

export interface ScanSummaryInputs {
  targets: ScannedTarget[];
  gate: GateVerdict;
  scanners: ScannerIdentity[];
  expired: ExpiredIgnore[];
  sarif?: ShapedSarif;
  upload?: string;
  /** What became of the SBOMs-and-SARIF workflow artifact. */
  artifact?: string;
  /** What became of the release assets (release-assets). */
  release?: string;
  top?: number;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The job summary: counts per target × severity, top findings, expired ignores, scanners. */
export function scanSummary(inputs: ScanSummaryInputs): string {
  const all = inputs.targets.flatMap((t) => t.findings);
  const total = countBySeverity(all);
  const lines: string[] = ['## Scan', ''];
  lines.push(`**${inputs.gate.passed ? 'Passed' : 'Failed'}**: ${cell(inputs.gate.message)}`, '');
  lines.push(
    `| Target | Platform | ${SEVERITIES.slice().reverse().join(' | ')} |`,
    `| --- | --- |${' ---: |'.repeat(SEVERITIES.length)}`,
  );
  for (const t of inputs.targets) {
    const c = countBySeverity(t.findings);
    lines.push(
      `| ${cell(t.label)} | ${t.platform || '—'} | ${SEVERITIES.slice()
        .reverse()
        .map((s) => c[s])
        .join(' | ')} |`,
    );
  }
  lines.push(
    `| **All (distinct)** | | ${SEVERITIES.slice()
      .reverse()
      .map((s) => `**${total[s]}**`)
      .join(' | ')} |`,
    '',
  );

  const top = distinctFindings(all).slice(0, inputs.top ?? 10);
  if (top.length) {
    lines.push(
      '### Top findings',
      '',
      '| Severity | Vulnerability | Package | Installed | Fixed |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const f of top) {
      const id = f.url ? `[${cell(f.vulnerabilityId)}](${f.url})` : cell(f.vulnerabilityId);
      lines.push(
        `| ${f.severity} | ${id} | ${cell(f.pkgName)} | ${cell(f.installedVersion)} | ${cell(f.fixedVersion) || '—'} |`,
      );
    }
    lines.push('');
  }
  if (inputs.expired.length) {
    lines.push('### Expired ignores', '', 'These entries have expired, so Trivy applies them no longer:', '');
    for (const e of inputs.expired) lines.push(`- \`${cell(e.id)}\` expired ${e.expired} (${cell(e.file)})`);
    lines.push('');
  }
  if (inputs.sarif) lines.push(sarifLine(inputs.sarif));
  if (inputs.upload) lines.push(`Upload: ${inputs.upload}`);
  if (inputs.artifact) lines.push('', `Reports artifact (SBOMs and SARIF): ${inputs.artifact}`);
  if (inputs.release) lines.push('', `Release assets (SBOMs and SARIF): ${inputs.release}`);
  lines.push('', '### Scanners', '', '| Tool | Version | sha256 | Verified against |', '| --- | --- | --- | --- |');
  for (const s of inputs.scanners) lines.push(`| ${s.tool} | ${s.version} | \`${s.sha256}\` | ${s.from} |`);
  return `${lines.join('\n')}\n`;
}

/** What went to code scanning: runs, results, size, and what was left out to fit GitHub's limits. */
function sarifLine(sarif: ShapedSarif): string {
  const results = sarif.runs.reduce((s, r) => s + r.results, 0);
  const dropped = sarif.runs.reduce((s, r) => s + r.dropped, 0);
  const parts = [`SARIF: ${sarif.runs.length} run(s), ${results} result(s), ${sarif.gzipBytes} bytes gzipped`];
  if (dropped) parts.push(`${dropped} least severe result(s) dropped to fit GitHub's limits`);
  if (sarif.droppedRuns.length) parts.push(`runs over the limit of 20 left out: ${sarif.droppedRuns.join(', ')}`);
  return `${parts.join('; ')}.`;
}
