import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  FINGERPRINT_KEY,
  findingsOf,
  parseTrivyReport,
  sarifCategory,
  shapeSarif,
  SARIF_LIMITS,
  type Finding,
  type Severity,
} from '../../../packages/core/src/scan/index.ts';

const report = parseTrivyReport(readFileSync(new URL('../../fixtures/scan/trivy-image.json', import.meta.url), 'utf8'));
const findings = findingsOf(report);
const finding = (id: string, severity: Severity, pkg = 'pkg', installed = '1.0'): Finding => ({
  vulnerabilityId: id,
  pkgName: pkg,
  installedVersion: installed,
  fixedVersion: '',
  severity,
  title: `t ${id}`,
  description: '',
  url: '',
  target: 'img (alpine 3.19)',
  class: 'os-pkgs',
  pkgPath: '',
});

describe('parseTrivyReport', () => {
  test('reads results and vulnerabilities, empty results included', () => {
    expect(report.Results).toHaveLength(3);
    expect(findings.map((f) => [f.vulnerabilityId, f.severity, f.class])).toEqual([
      ['CVE-2099-1001', 'CRITICAL', 'os-pkgs'],
      ['CVE-2099-1002', 'MEDIUM', 'os-pkgs'],
      ['CVE-2099-2001', 'HIGH', 'lang-pkgs'],
    ]);
  });
  test('names the field that is wrong', () => {
    expect(() => parseTrivyReport('{"SchemaVersion":2,"Results":[{"Vulnerabilities":[]}]}', 'a.json')).toThrow(
      /^a\.json is not a Trivy report \(SchemaVersion 2\): Results\.0\.Target/,
    );
    expect(() => parseTrivyReport('nope', 'b.json')).toThrow(/^b\.json is not JSON/);
  });
});

describe('sarifCategory', () => {
  test.each([
    [
      { prefix: '', subject: 'acme/app', platform: 'linux/amd64', severalPlatforms: true },
      'trivy/acme/app/linux-amd64/',
    ],
    [
      { prefix: '', subject: 'acme/app', platform: 'linux/arm/v7', severalPlatforms: false },
      'trivy/acme/app/linux-arm-v7/',
    ],
    [
      { prefix: 'images/app', subject: 'acme/app', platform: 'linux/arm64', severalPlatforms: true },
      'images/app/linux-arm64/',
    ],
    [{ prefix: 'images/app/', subject: 'acme/app', platform: 'linux/arm64', severalPlatforms: false }, 'images/app/'],
    [{ prefix: '', subject: './', platform: '', severalPlatforms: false }, 'trivy/./'],
  ])('%o → %s', (inputs, category) => expect(sarifCategory(inputs)).toBe(category));
});

describe('shapeSarif', () => {
  const shaped = shapeSarif(
    [
      { category: 'trivy/acme/app/linux-amd64/', findings, imageLocation: 'ghcr.io/acme/app' },
      { category: 'trivy/acme/app/linux-arm64/', findings, imageLocation: 'ghcr.io/acme/app' },
    ],
    { toolVersion: '0.74.0' },
  );
  const [run] = shaped.sarif.runs;
  test('one run per category, tool Trivy, category ends in /', () => {
    expect(shaped.sarif.version).toBe('2.1.0');
    expect(shaped.sarif.runs.map((r) => r.automationDetails.id)).toEqual([
      'trivy/acme/app/linux-amd64/',
      'trivy/acme/app/linux-arm64/',
    ]);
    expect(run!.tool.driver).toMatchObject({ name: 'Trivy', version: '0.74.0' });
  });
  test('results most severe first, each with its rule, level and security-severity', () => {
    expect(run!.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['CVE-2099-1001', 'error'],
      ['CVE-2099-2001', 'error'],
      ['CVE-2099-1002', 'warning'],
    ]);
    for (const r of run!.results) expect(run!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run!.tool.driver.rules.map((r) => r.properties['security-severity'])).toEqual(['9.5', '8.0', '5.5']);
  });
  test('locations: OS packages at the image, language packages at their path', () => {
    expect(run!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      'ghcr.io/acme/app',
      'app/node_modules/lodash/package.json',
      'ghcr.io/acme/app',
    ]);
  });
  test('fingerprints are stable across runs and digests, distinct across findings', () => {
    const prints = shaped.sarif.runs.map((r) => r.results.map((x) => x.partialFingerprints[FINGERPRINT_KEY]));
    expect(prints[0]).toEqual(prints[1]);
    expect(new Set(prints[0]).size).toBe(3);
    const again = shapeSarif(
      [
        {
          category: 'c/',
          findings: findings.map((f) => ({ ...f, target: f.target.replace('1111', '9999') })),
          imageLocation: 'ghcr.io/acme/app',
        },
      ],
      { toolVersion: 'x' },
    );
    expect(again.sarif.runs[0]!.results.map((x) => x.partialFingerprints[FINGERPRINT_KEY])).toEqual(prints[0]);
  });
  test('runs sharing a category are merged, never two runs with one category', () => {
    const s = shapeSarif(
      [
        { category: 'a/', findings: [finding('CVE-1', 'LOW')], imageLocation: 'i' },
        { category: 'a/', findings: [finding('CVE-2', 'LOW')], imageLocation: 'i' },
      ],
      { toolVersion: 'x' },
    );
    expect(s.sarif.runs).toHaveLength(1);
    expect(s.sarif.runs[0]!.results).toHaveLength(2);
  });
  test('one rule has one severity in every run: the highest seen', () => {
    const s = shapeSarif(
      [
        { category: 'a/', findings: [finding('CVE-1', 'LOW')], imageLocation: 'i' },
        { category: 'b/', findings: [finding('CVE-1', 'HIGH', 'other')], imageLocation: 'i' },
      ],
      { toolVersion: 'x' },
    );
    expect(
      s.sarif.runs.map((r) => [r.tool.driver.rules[0]!.properties['security-severity'], r.results[0]!.level]),
    ).toEqual([
      ['8.0', 'error'],
      ['8.0', 'error'],
    ]);
  });
  test('over the result limit the most severe are kept, deterministically, and the drop is counted', () => {
    const many = [...Array(30).keys()].map((i) =>
      finding(`CVE-${String(i).padStart(3, '0')}`, (['LOW', 'CRITICAL', 'MEDIUM'] as const)[i % 3]!),
    );
    const limits = { ...SARIF_LIMITS, resultsPerRun: 10 };
    const a = shapeSarif([{ category: 'a/', findings: many, imageLocation: 'i' }], { toolVersion: 'x', limits });
    const b = shapeSarif([{ category: 'a/', findings: [...many].reverse(), imageLocation: 'i' }], {
      toolVersion: 'x',
      limits,
    });
    expect(a.sarif).toEqual(b.sarif);
    expect(a.runs).toEqual([{ category: 'a/', results: 10, dropped: 20 }]);
    expect(a.sarif.runs[0]!.results.map((r) => r.level)).toEqual([...Array(10).fill('error')]);
    expect(a.sarif.runs[0]!.tool.driver.rules).toHaveLength(10);
  });
  test('over the rule limit, results of unkept rules are dropped', () => {
    const many = [...Array(5).keys()].map((i) => finding(`CVE-${i}`, 'HIGH'));
    const s = shapeSarif(
      [{ category: 'a/', findings: [...many, finding('CVE-0', 'HIGH', 'second')], imageLocation: 'i' }],
      { toolVersion: 'x', limits: { ...SARIF_LIMITS, rulesPerRun: 2 } },
    );
    expect(s.sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(['CVE-0', 'CVE-1']);
    expect(s.runs[0]).toMatchObject({ results: 3, dropped: 3 });
  });
  test('over the run limit, later categories are left out and named', () => {
    const inputs = [...Array(22).keys()].map((i) => ({
      category: `c${i}/`,
      findings: [finding('CVE-1', 'LOW')],
      imageLocation: 'i',
    }));
    const s = shapeSarif(inputs, { toolVersion: 'x' });
    expect(s.sarif.runs).toHaveLength(20);
    expect(s.droppedRuns).toEqual(['c20/', 'c21/']);
  });
  test('over the gzip size limit, results are dropped until it fits', () => {
    const noisy = [...Array(400).keys()].map((i) => ({
      ...finding(`CVE-${i}`, i < 5 ? 'CRITICAL' : 'LOW'),
      description: Buffer.from(`${i}`.repeat(800)).toString('base64'),
    }));
    const s = shapeSarif([{ category: 'a/', findings: noisy, imageLocation: 'i' }], {
      toolVersion: 'x',
      limits: { ...SARIF_LIMITS, gzipBytes: 20_000 },
    });
    expect(s.gzipBytes).toBeLessThanOrEqual(20_000);
    expect(gzipSync(JSON.stringify(s.sarif)).length).toBe(s.gzipBytes);
    expect(s.runs[0]!.dropped).toBeGreaterThan(0);
    expect(s.sarif.runs[0]!.results.slice(0, 5).every((r) => r.level === 'error')).toBe(true);
    expect(JSON.parse(gunzipSync(gzipSync(JSON.stringify(s.sarif))).toString())).toEqual(s.sarif);
  });
  test('names and descriptions are clipped to GitHub limits', () => {
    const long = { ...finding('X'.repeat(300), 'LOW'), title: 't'.repeat(2000), description: 'd'.repeat(2000) };
    const rule = shapeSarif([{ category: 'a/', findings: [long], imageLocation: 'i' }], { toolVersion: 'x' }).sarif
      .runs[0]!.tool.driver.rules[0]!;
    expect(rule.name.length).toBe(255);
    expect(rule.shortDescription.text.length).toBe(1024);
    expect(rule.fullDescription.text.length).toBe(1024);
    expect(rule.help.text.length).toBeLessThanOrEqual(1024);
  });
  test('UNKNOWN has no security-severity', () => {
    const rule = shapeSarif([{ category: 'a/', findings: [finding('CVE-9', 'UNKNOWN')], imageLocation: 'i' }], {
      toolVersion: 'x',
    }).sarif.runs[0]!.tool.driver.rules[0]!;
    expect(rule.properties['security-severity']).toBeUndefined();
  });
});
