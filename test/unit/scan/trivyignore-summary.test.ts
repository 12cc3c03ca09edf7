import { describe, expect, test } from 'vitest';
import {
  evaluateGate,
  expiredIgnores,
  planIgnoreFiles,
  scanSummary,
  type Finding,
} from '../../../packages/core/src/scan/index.ts';

const today = new Date('2026-11-26T10:00:00Z');

describe('trivyignores', () => {
  test('one file as is; several plain files merged; YAML only alone', () => {
    expect(planIgnoreFiles([])).toEqual({ kind: 'none' });
    expect(planIgnoreFiles(['.trivyignore.yaml'])).toEqual({ kind: 'single', path: '.trivyignore.yaml' });
    expect(planIgnoreFiles(['a', 'b'])).toEqual({ kind: 'merge', paths: ['a', 'b'] });
    expect(() => planIgnoreFiles(['a', 'b.yaml'])).toThrow(/^input "trivyignores": mixes a YAML ignore file/);
  });
  test('expired plain entries (exp:) are listed', () => {
    const text = '# comment\nCVE-1 exp:2026-01-01\nCVE-2 exp:2027-01-01\nCVE-3\n';
    expect(expiredIgnores('.trivyignore', text, today)).toEqual([
      { id: 'CVE-1', expired: '2026-01-01', file: '.trivyignore' },
    ]);
  });
  test('expired YAML entries (expired_at) are listed, in every section', () => {
    const text = [
      'vulnerabilities:',
      '  - id: CVE-1',
      '    expired_at: 2025-01-01',
      '  - id: CVE-2',
      '    expired_at: 2030-01-01',
      'secrets:',
      '  - id: aws-key',
      '    expired_at: "2026-11-25"',
      '',
    ].join('\n');
    expect(expiredIgnores('t.yaml', text, today)).toEqual([
      { id: 'CVE-1', expired: '2025-01-01', file: 't.yaml' },
      { id: 'aws-key', expired: '2026-11-25', file: 't.yaml' },
    ]);
  });
});

test('the summary: counts per target and platform, distinct totals, top findings, expired ignores, hashes', () => {
  const f = (id: string, severity: Finding['severity']): Finding => ({
    vulnerabilityId: id,
    pkgName: 'busybox',
    installedVersion: '1',
    fixedVersion: '2',
    severity,
    title: '',
    description: '',
    url: `https://x/${id}`,
    target: 't',
    class: 'os-pkgs',
    pkgPath: '',
  });
  const targets = [
    { label: 'ghcr.io/acme/app:1', platform: 'linux/amd64', findings: [f('CVE-1', 'CRITICAL'), f('CVE-2', 'LOW')] },
    { label: 'ghcr.io/acme/app:1', platform: 'linux/arm64', findings: [f('CVE-1', 'CRITICAL')] },
  ];
  const md = scanSummary({
    targets,
    gate: evaluateGate(
      { kind: 'threshold', min: 'HIGH' },
      targets.flatMap((t) => t.findings),
    ),
    scanners: [{ tool: 'trivy', version: '0.74.0', sha256: 'ab'.repeat(32), from: 'table' }],
    expired: [{ id: 'CVE-9', expired: '2026-01-01', file: '.trivyignore' }],
  });
  expect(md).toContain('**Failed**: gate failed: 1 finding');
  expect(md).toContain('| ghcr.io/acme/app:1 | linux/amd64 | 1 | 0 | 0 | 1 | 0 |');
  expect(md).toContain('| ghcr.io/acme/app:1 | linux/arm64 | 1 | 0 | 0 | 0 | 0 |');
  expect(md).toContain('| **All (distinct)** | | **1** | **0** | **0** | **1** | **0** |');
  expect(md).toContain('| CRITICAL | [CVE-1](https://x/CVE-1) | busybox | 1 | 2 |');
  expect(md).toContain('- `CVE-9` expired 2026-01-01 (.trivyignore)');
  expect(md).toContain(`| trivy | 0.74.0 | \`${'ab'.repeat(32)}\` | table |`);
});
