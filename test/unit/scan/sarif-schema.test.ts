import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  findingsOf,
  parseTrivyReport,
  shapeSarif,
  SARIF_LIMITS,
  type Finding,
  type Severity,
} from '../../../packages/core/src/scan/index.ts';
import { sarifSchemaErrors } from '../../harness/sarif-schema.ts';

// Issue 16 §4: what scan writes must be SARIF 2.1.0 by the schema, not only by our own types.
const report = parseTrivyReport(readFileSync(new URL('../../fixtures/scan/trivy-image.json', import.meta.url), 'utf8'));
const finding = (id: string, severity: Severity, extra: Partial<Finding> = {}): Finding => ({
  vulnerabilityId: id,
  pkgName: 'pkg',
  installedVersion: '1.0',
  fixedVersion: '',
  severity,
  title: '',
  description: '',
  url: '',
  target: 'img (alpine 3.19)',
  class: 'os-pkgs',
  pkgPath: '',
  ...extra,
});

describe('every SARIF shape scan produces passes the SARIF 2.1.0 schema', () => {
  test('the harness refuses what is not SARIF, so a pass means something', () => {
    expect(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: {} }] })).toContainEqual(
      expect.stringMatching(/^\/runs\/0\/tool: must have required property 'driver'/),
    );
    expect(sarifSchemaErrors({ version: '2.0.0', runs: [] }).length).toBeGreaterThan(0);
    const shaped = shapeSarif([{ category: 'c/', findings: findingsOf(report), imageLocation: 'ghcr.io/acme/app' }], {
      toolVersion: '0.74.0',
    }).sarif;
    const broken = structuredClone(shaped) as unknown as { runs: Array<{ results: Array<{ level: string }> }> };
    broken.runs[0]!.results[0]!.level = 'critical';
    expect(sarifSchemaErrors(broken)).toContainEqual(
      expect.stringMatching(/^\/runs\/0\/results\/0\/level: must be equal to one of the allowed values/),
    );
  });

  test.each([
    [
      'a captured Trivy image report, two platforms',
      [
        { category: 'trivy/acme/app/linux-amd64/', findings: findingsOf(report), imageLocation: 'ghcr.io/acme/app' },
        { category: 'trivy/acme/app/linux-arm64/', findings: findingsOf(report), imageLocation: 'ghcr.io/acme/app' },
      ],
    ],
    ['no findings at all', [{ category: 'trivy/acme/app/', findings: [], imageLocation: 'ghcr.io/acme/app' }]],
    [
      'a registry with a port, as local and self-hosted registries have',
      [
        {
          category: 'trivy/acme/app/',
          findings: [finding('CVE-2099-1', 'HIGH')],
          imageLocation: '127.0.0.1:5000/acme/app',
        },
      ],
    ],
    [
      'every severity, with links, fixes and library paths',
      [
        {
          category: 'trivy/./',
          imageLocation: '.',
          findings: (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const).map((s, i) =>
            finding(`GHSA-aaaa-bbbb-000${i}`, s, {
              url: `https://avd.aquasec.com/nvd/ghsa-${i}`,
              fixedVersion: '2.0',
              class: 'lang-pkgs',
              target: 'app/package-lock.json',
              pkgPath: i % 2 ? 'usr/lib/node_modules/x/package.json' : '',
              title: 'a | pipe',
              description: 'd'.repeat(2000),
            }),
          ),
        },
      ],
    ],
  ])('%s', (_name, runs) => {
    const { sarif } = shapeSarif(runs, { toolVersion: '0.74.0' });
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });

  test("shaped down to GitHub's limits: still valid", () => {
    const many = Array.from({ length: 60 }, (_, i) => finding(`CVE-2099-${1000 + i}`, i % 2 ? 'LOW' : 'HIGH'));
    const limits = { ...SARIF_LIMITS, resultsPerRun: 10, rulesPerRun: 8, runs: 1 };
    const shaped = shapeSarif(
      [
        { category: 'a/', findings: many, imageLocation: 'ghcr.io/acme/app' },
        { category: 'b/', findings: many, imageLocation: 'ghcr.io/acme/app' },
      ],
      { toolVersion: '0.74.0', limits },
    );
    expect(shaped.droppedRuns).toEqual(['b/']);
    expect(sarifSchemaErrors(shaped.sarif)).toEqual([]);
  });
});
