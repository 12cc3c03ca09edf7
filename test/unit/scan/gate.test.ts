import { describe, expect, test } from 'vitest';
import {
  evaluateGate,
  parseSeverities,
  resolveGate,
  type Finding,
  type Severity,
} from '../../../packages/core/src/scan/index.ts';

const finding = (id: string, severity: Severity, pkg = 'pkg', installed = '1.0'): Finding => ({
  vulnerabilityId: id,
  pkgName: pkg,
  installedVersion: installed,
  fixedVersion: '',
  severity,
  title: '',
  description: '',
  url: '',
  target: 't',
  class: 'os-pkgs',
  pkgPath: '',
});

describe('resolveGate: fail-on has no default', () => {
  test.each([
    ['fail-on HIGH', { failOn: 'HIGH', exitCode: '', severity: '' }, { kind: 'threshold', min: 'HIGH' }],
    [
      'fail-on is case-insensitive',
      { failOn: 'critical', exitCode: '', severity: '' },
      { kind: 'threshold', min: 'CRITICAL' },
    ],
    ['fail-on none beats exit-code', { failOn: 'none', exitCode: '1', severity: 'CRITICAL' }, { kind: 'none' }],
    [
      'fail-on wins over exit-code + severity',
      { failOn: 'LOW', exitCode: '1', severity: 'CRITICAL' },
      { kind: 'threshold', min: 'LOW' },
    ],
    [
      'unset with exit-code 1 gates on severity',
      { failOn: '', exitCode: '1', severity: 'HIGH,CRITICAL' },
      { kind: 'severities', severities: ['HIGH', 'CRITICAL'], exitCode: 1 },
    ],
    [
      'unset with exit-code 1 and no severity gates on all',
      { failOn: '', exitCode: '1', severity: '' },
      { kind: 'severities', severities: ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'], exitCode: 1 },
    ],
    ['unset with exit-code 0 is none', { failOn: '', exitCode: '0', severity: 'CRITICAL' }, { kind: 'none' }],
    ['all unset is none', { failOn: '', exitCode: '', severity: '' }, { kind: 'none' }],
  ])('%s', (_name, inputs, gate) => expect(resolveGate(inputs)).toEqual(gate));
  test.each([
    [{ failOn: 'SEVERE', exitCode: '', severity: '' }, /^input "fail-on"/],
    [{ failOn: 'UNKNOWN', exitCode: '', severity: '' }, /^input "fail-on"/],
    [{ failOn: '', exitCode: 'yes', severity: '' }, /^input "exit-code"/],
    [{ failOn: '', exitCode: '1', severity: 'HIGH,BAD' }, /^input "severity": "BAD"/],
  ])('refuses %o', (inputs, message) => expect(() => resolveGate(inputs)).toThrow(message));
  test('parseSeverities orders and dedupes', () =>
    expect(parseSeverities('critical, HIGH,high')).toEqual(['HIGH', 'CRITICAL']));
});

describe('evaluateGate', () => {
  const findings = [
    finding('CVE-1', 'CRITICAL'),
    finding('CVE-2', 'HIGH'),
    finding('CVE-3', 'MEDIUM'),
    finding('CVE-2', 'HIGH'),
  ];
  test('threshold counts everything at or above, distinct', () => {
    const v = evaluateGate({ kind: 'threshold', min: 'HIGH' }, findings);
    expect(v.passed).toBe(false);
    expect(v.crossing.map((f) => f.vulnerabilityId)).toEqual(['CVE-1', 'CVE-2']);
    expect(v.message).toMatch(/^gate failed: 2 findings .*CVE-1 in pkg 1.0 \(CRITICAL\)/);
  });
  test('a severity list is a set, not a threshold (trivy-action semantics)', () => {
    expect(
      evaluateGate({ kind: 'severities', severities: ['MEDIUM'], exitCode: 1 }, findings).crossing.map(
        (f) => f.vulnerabilityId,
      ),
    ).toEqual(['CVE-3']);
  });
  test('none always passes', () => expect(evaluateGate({ kind: 'none' }, findings).passed).toBe(true));
  test('passes with nothing over the threshold', () =>
    expect(evaluateGate({ kind: 'threshold', min: 'CRITICAL' }, [finding('CVE-2', 'HIGH')]).passed).toBe(true));
});
