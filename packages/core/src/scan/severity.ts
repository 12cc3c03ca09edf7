/** Trivy's severity scale, lowest first. https://trivy.dev/latest/docs/scanner/vulnerability/#severity-selection */
export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: string): number {
  const rank = SEVERITIES.indexOf(severity as Severity);
  return rank < 0 ? 0 : rank;
}

export function asSeverity(value: string): Severity {
  return (SEVERITIES as readonly string[]).includes(value) ? (value as Severity) : 'UNKNOWN';
}

/**
 * GitHub ranks code scanning alerts by `security-severity`: over 9.0 critical, 7.0–8.9 high,
 * 4.0–6.9 medium, 0.1–3.9 low. We give every rule the midpoint-ish score of its Trivy severity,
 * so one vulnerability always carries one score whatever package or platform it was found in
 * (a CVSS score differs by vendor and would split one rule into several severities).
 * UNKNOWN has no score: GitHub then shows no security severity, rather than a made-up one.
 * https://docs.github.com/en/code-security/code-scanning/managing-code-scanning-alerts/about-code-scanning-alerts#about-alert-severity-and-security-severity-levels
 */
export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: undefined,
};

/** SARIF `level` per severity: what an editor or the alert list shows as error/warning/note. */
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};
