import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { findingKey, sortFindings, type Finding } from './findings.ts';
import { clip, SARIF_LIMITS, type SarifLimits } from './sarif-limits.ts';
import { SARIF_LEVEL, SECURITY_SEVERITY, severityRank, type Severity } from './severity.ts';

/** One scanned target (an image platform, a path) as it becomes one SARIF run. */
export interface SarifRunInput {
  /** Ends with `/`; see sarifCategory. */
  category: string;
  findings: readonly Finding[];
  /**
   * Where OS-package findings are located: the image repository (`ghcr.io/acme/app`). OS
   * packages have no file in the repository, and GitHub needs a location for every result.
   */
  imageLocation: string;
}

export interface SarifShapeOptions {
  toolVersion: string;
  limits?: SarifLimits;
}

export interface SarifRunStats {
  category: string;
  results: number;
  /** Results dropped to fit the limits (the least severe go first). */
  dropped: number;
}

export interface ShapedSarif {
  sarif: SarifLog;
  runs: SarifRunStats[];
  /** Categories left out because an upload holds at most `limits.runs` runs. */
  droppedRuns: string[];
  gzipBytes: number;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
export interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
  automationDetails: { id: string };
  results: SarifResult[];
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { precision: string; tags: string[]; 'security-severity'?: string };
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
    message: { text: string };
  }>;
  partialFingerprints: Record<string, string>;
}

/**
 * Our fingerprint key. Uploads through the REST API get no fingerprints computed by GitHub,
 * which then warns about and may duplicate alerts; ours is stable across builds because it
 * hashes only what identifies the finding (vulnerability, package, version, location), never a
 * digest or tag.
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#providing-data-to-track-code-scanning-alerts-across-runs
 */
export const FINGERPRINT_KEY = 'ghcrKitFinding/v1';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The artifact a finding is located at: the package's path in the image, the lockfile, or the image. */
export function findingLocation(f: Finding, imageLocation: string): string {
  const path = f.pkgPath || (f.class === 'os-pkgs' ? '' : f.target);
  return (path || imageLocation).replace(/^\/+/, '');
}

/**
 * Shapes Trivy findings into SARIF that GitHub code scanning accepts: one run per category,
 * one rule per vulnerability (its severity the highest seen for it, so `security-severity`
 * is the same wherever the rule appears), one result per package, within GitHub's limits.
 * Pure and deterministic: the same findings give the same bytes.
 */
export function shapeSarif(inputs: readonly SarifRunInput[], options: SarifShapeOptions): ShapedSarif {
  const limits = options.limits ?? SARIF_LIMITS;
  // Never two runs with one tool and category in an upload (rejected since July 2025): runs
  // that share a category are one run.
  const byCategory = new Map<string, { findings: Finding[]; imageLocation: string }>();
  for (const input of inputs) {
    const run = byCategory.get(input.category) ?? { findings: [], imageLocation: input.imageLocation };
    run.findings.push(...input.findings);
    byCategory.set(input.category, run);
  }
  const categories = [...byCategory.keys()];
  const kept = categories.slice(0, limits.runs);
  const droppedRuns = categories.slice(limits.runs);
  // Severity per rule over the whole upload, so one CVE has one score in every run.
  const ruleSeverity = new Map<string, Severity>();
  for (const input of inputs) {
    for (const f of input.findings) {
      const prior = ruleSeverity.get(f.vulnerabilityId);
      if (!prior || severityRank(f.severity) > severityRank(prior)) ruleSeverity.set(f.vulnerabilityId, f.severity);
    }
  }

  let budget = limits.resultsPerRun;
  for (;;) {
    const stats: SarifRunStats[] = [];
    const runs = kept.map((category) => {
      const { findings, imageLocation } = byCategory.get(category)!;
      const run = buildRun(category, findings, imageLocation, ruleSeverity, options.toolVersion, limits, budget);
      stats.push({ category, results: run.results.length, dropped: run.dropped });
      return run.run;
    });
    const sarif: SarifLog = { $schema: SCHEMA, version: '2.1.0', runs };
    const gzipBytes = gzipSync(JSON.stringify(sarif)).length;
    const largest = Math.max(0, ...stats.map((s) => s.results));
    if (gzipBytes <= limits.gzipBytes || largest === 0) {
      if (gzipBytes > limits.gzipBytes)
        throw new Error(`SARIF is ${gzipBytes} bytes gzipped with no results left to drop (limit ${limits.gzipBytes})`);
      return { sarif, runs: stats, droppedRuns, gzipBytes };
    }
    // Too large: keep fewer results in every run (the least severe go first) and try again.
    budget = Math.floor(largest * Math.min(0.9, limits.gzipBytes / gzipBytes));
  }
}

function buildRun(
  category: string,
  all: readonly Finding[],
  imageLocation: string,
  ruleSeverity: Map<string, Severity>,
  toolVersion: string,
  limits: SarifLimits,
  budget: number,
): { run: SarifRun; results: SarifResult[]; dropped: number } {
  // One result per (vulnerability, package, version, location): the same package seen twice
  // in one target is one result.
  const unique = new Map<string, Finding>();
  for (const f of all) unique.set(`${findingKey(f)}\u0000${findingLocation(f, imageLocation)}`, f);
  const ordered = sortFindings([...unique.values()]);
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  let dropped = 0;
  for (const f of ordered) {
    const known = ruleIndex.has(f.vulnerabilityId);
    if (results.length >= budget || (!known && rules.length >= limits.rulesPerRun)) {
      dropped += 1;
      continue;
    }
    if (!known) {
      ruleIndex.set(f.vulnerabilityId, rules.length);
      rules.push(rule(f, ruleSeverity.get(f.vulnerabilityId) ?? f.severity, limits));
    }
    const severity = ruleSeverity.get(f.vulnerabilityId) ?? f.severity;
    const uri = findingLocation(f, imageLocation);
    results.push({
      ruleId: f.vulnerabilityId,
      ruleIndex: ruleIndex.get(f.vulnerabilityId)!,
      level: SARIF_LEVEL[severity],
      message: { text: resultMessage(f) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
          },
          message: { text: `${f.target}: ${f.pkgName}@${f.installedVersion}` },
        },
      ].slice(0, limits.locationsPerResult),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f, uri) },
    });
  }
  const run: SarifRun = {
    tool: {
      driver: { name: 'Trivy', version: toolVersion, informationUri: 'https://github.com/aquasecurity/trivy', rules },
    },
    automationDetails: { id: category },
    results,
  };
  return { run, results, dropped };
}

/** The rule's help as GitHub renders it: a one-row table, then the advisory link. */
function helpMarkdown(f: Finding, severity: Severity, summary: string): string {
  const table = `| Severity | Title |\n| --- | --- |\n| ${severity} | ${summary.replaceAll('|', '\\|')} |`;
  const link = f.url ? `\n\n[${f.url}](${f.url})` : '';
  return `**Vulnerability ${f.vulnerabilityId}**\n\n${table}${link}`;
}

function rule(f: Finding, severity: Severity, limits: SarifLimits): SarifRule {
  const score = SECURITY_SEVERITY[severity];
  const summary = f.title || f.vulnerabilityId;
  const help = [
    `Vulnerability ${f.vulnerabilityId}`,
    `Severity: ${severity}`,
    f.description && `\n${f.description}`,
    f.url && `\n${f.url}`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    id: f.vulnerabilityId,
    name: clip(f.vulnerabilityId, limits.ruleNameChars),
    shortDescription: { text: clip(summary, limits.descriptionChars) },
    fullDescription: { text: clip(f.description || summary, limits.descriptionChars) },
    ...(f.url && { helpUri: f.url }),
    help: {
      text: clip(help, limits.descriptionChars),
      markdown: clip(helpMarkdown(f, severity, summary), limits.descriptionChars),
    },
    defaultConfiguration: { level: SARIF_LEVEL[severity] },
    properties: {
      precision: 'very-high',
      tags: ['vulnerability', 'security', severity],
      ...(score && { 'security-severity': score }),
    },
  };
}

function resultMessage(f: Finding): string {
  return [
    `Package: ${f.pkgName}`,
    `Installed Version: ${f.installedVersion}`,
    `Vulnerability: ${f.vulnerabilityId}`,
    `Severity: ${f.severity}`,
    `Fixed Version: ${f.fixedVersion || 'none'}`,
    ...(f.url ? [`Link: ${f.url}`] : []),
  ].join('\n');
}

function fingerprint(f: Finding, uri: string): string {
  return createHash('sha256')
    .update([f.vulnerabilityId, f.pkgName, f.installedVersion, uri].join('\u0000'))
    .digest('hex');
}
