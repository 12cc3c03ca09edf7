import { asSeverity, severityRank, SEVERITIES, type Severity } from './severity.ts';
import type { TrivyReport } from './trivy-report.ts';

/** One vulnerability in one package of one scanned target. */
export interface Finding {
  vulnerabilityId: string;
  pkgName: string;
  installedVersion: string;
  fixedVersion: string;
  severity: Severity;
  title: string;
  description: string;
  url: string;
  /** Trivy's result target: `app (alpine 3.19.1)`, `usr/app/package.json`, `package-lock.json`. */
  target: string;
  /** `os-pkgs` or `lang-pkgs`. */
  class: string;
  pkgPath: string;
}

export function findingsOf(report: TrivyReport): Finding[] {
  return report.Results.flatMap((result) =>
    result.Vulnerabilities.map((v) => ({
      vulnerabilityId: v.VulnerabilityID,
      pkgName: v.PkgName,
      installedVersion: v.InstalledVersion,
      fixedVersion: v.FixedVersion ?? '',
      severity: asSeverity(v.Severity),
      title: v.Title ?? '',
      description: v.Description ?? '',
      url: v.PrimaryURL ?? v.References?.[0] ?? '',
      target: result.Target,
      class: result.Class ?? '',
      pkgPath: v.PkgPath ?? '',
    })),
  );
}

/** The identity of a finding across targets and platforms: vulnerability, package, installed version. */
export function findingKey(f: Pick<Finding, 'vulnerabilityId' | 'pkgName' | 'installedVersion'>): string {
  return `${f.vulnerabilityId}\u0000${f.pkgName}\u0000${f.installedVersion}`;
}

/** Distinct findings, first occurrence kept, most severe first, then by key (deterministic). */
export function distinctFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const key = findingKey(f);
    const prior = seen.get(key);
    if (!prior || severityRank(f.severity) > severityRank(prior.severity)) seen.set(key, f);
  }
  return sortFindings([...seen.values()]);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      (findingKey(a) < findingKey(b) ? -1 : findingKey(a) > findingKey(b) ? 1 : 0),
  );
}

export type SeverityCounts = Record<Severity, number>;

/** Counts of distinct findings per severity. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const f of distinctFindings(findings)) counts[f.severity] += 1;
  return counts;
}
