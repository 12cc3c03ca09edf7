import { InputError } from '../errors/index.ts';
import { distinctFindings, type Finding } from './findings.ts';
import { severityRank, SEVERITIES, type Severity } from './severity.ts';

/**
 * What fails the job. It is decided from Trivy's JSON after every report is written, uploaded
 * and cached, so a failing gate never costs the reports (trivy-action#309, #281, #61).
 */
export type Gate =
  | { kind: 'none' }
  /** `fail-on: HIGH`: any finding at HIGH or above. */
  | { kind: 'threshold'; min: Severity }
  /** trivy-action's way: `exit-code` non-zero gates on the `severity` list. */
  | { kind: 'severities'; severities: Severity[]; exitCode: number };

export interface GateInputs {
  failOn: string;
  exitCode: string;
  /** The `severity` list, comma-separated; '' for all. */
  severity: string;
}

/** Parses trivy-action's `severity` input: comma-separated, any case. */
export function parseSeverities(raw: string, inputName = 'severity'): Severity[] {
  const items = raw
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (items.length === 0) return [...SEVERITIES];
  for (const item of items) {
    if (!(SEVERITIES as readonly string[]).includes(item)) {
      throw new InputError(
        inputName,
        raw,
        `"${item}" is not a Trivy severity`,
        `Use a comma-separated list of ${SEVERITIES.join(', ')}.`,
      );
    }
  }
  return SEVERITIES.filter((s) => items.includes(s));
}

/**
 * `fail-on` has no default in action.yml on purpose: unset with a non-zero `exit-code` gates
 * on `severity` (drop-in for trivy-action users); unset otherwise means `none`.
 */
export function resolveGate(inputs: GateInputs): Gate {
  const failOn = inputs.failOn.trim().toUpperCase();
  const exitCodeText = inputs.exitCode.trim();
  const exitCode = exitCodeText === '' ? 0 : Number(exitCodeText);
  if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255) {
    throw new InputError(
      'exit-code',
      inputs.exitCode,
      'is not an exit code',
      'Use an integer from 0 to 255 (trivy-action uses 1 to fail), or use fail-on.',
    );
  }
  if (failOn === 'NONE') return { kind: 'none' };
  if (failOn) {
    const min = SEVERITIES.find((s) => s === failOn && s !== 'UNKNOWN');
    if (!min)
      throw new InputError('fail-on', inputs.failOn, 'is not a gate level', 'Use CRITICAL, HIGH, MEDIUM, LOW or none.');
    return { kind: 'threshold', min };
  }
  if (exitCode !== 0) return { kind: 'severities', severities: parseSeverities(inputs.severity), exitCode };
  return { kind: 'none' };
}

export function crossesGate(gate: Gate, finding: Pick<Finding, 'severity'>): boolean {
  if (gate.kind === 'none') return false;
  if (gate.kind === 'threshold') return severityRank(finding.severity) >= severityRank(gate.min);
  return gate.severities.includes(finding.severity);
}

export interface GateVerdict {
  passed: boolean;
  /** Distinct findings that cross the gate, most severe first. */
  crossing: Finding[];
  message: string;
}

export function describeGate(gate: Gate): string {
  if (gate.kind === 'none') return 'no gate (fail-on: none)';
  if (gate.kind === 'threshold') return `fail-on: ${gate.min} (${gate.min} or above fails)`;
  return `exit-code: ${gate.exitCode} with severity ${gate.severities.join(',')}`;
}

function failedGateMessage(gate: Gate, crossing: readonly Finding[]): string {
  const count = `${crossing.length} finding${crossing.length === 1 ? '' : 's'}`;
  const examples = crossing
    .slice(0, 3)
    .map((f) => `${f.vulnerabilityId} in ${f.pkgName} ${f.installedVersion} (${f.severity})`)
    .join('; ');
  return `gate failed: ${count} at or over ${describeGate(gate)}, e.g. ${examples}`;
}

export function evaluateGate(gate: Gate, findings: readonly Finding[]): GateVerdict {
  const crossing = distinctFindings(findings).filter((f) => crossesGate(gate, f));
  const passed = crossing.length === 0;
  const message = passed ? `gate passed: ${describeGate(gate)}` : failedGateMessage(gate, crossing);
  return { passed, crossing, message };
}
