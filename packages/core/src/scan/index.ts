export { SEVERITIES, SECURITY_SEVERITY, SARIF_LEVEL, severityRank, asSeverity, type Severity } from './severity.ts';
export {
  DEFAULT_VERSIONS,
  SCANNER_SHA256,
  DENYLIST,
  RELEASE_REPOSITORIES,
  UNKNOWN,
  type ScannerTool,
  type ScannerArch,
} from './scanner-table.ts';
export {
  resolveScannerRelease,
  assetName,
  defaultUrlTemplate,
  expandUrlTemplate,
  scannerArch,
  vouchedVersions,
  compareVersions,
  type ScannerRelease,
  type ScannerReleaseInputs,
} from './scanner-release.ts';
export {
  parseTrivyReport,
  trivyReportSchema,
  type TrivyReport,
  type TrivyResult,
  type TrivyVulnerability,
} from './trivy-report.ts';
export {
  findingsOf,
  findingKey,
  distinctFindings,
  sortFindings,
  countBySeverity,
  type Finding,
  type SeverityCounts,
} from './findings.ts';
export {
  resolveGate,
  evaluateGate,
  crossesGate,
  describeGate,
  parseSeverities,
  type Gate,
  type GateInputs,
  type GateVerdict,
} from './gate.ts';
export { platformSlug, sarifCategory, type CategoryInputs } from './category.ts';
export { SARIF_LIMITS, clip, type SarifLimits } from './sarif-limits.ts';
export {
  shapeSarif,
  findingLocation,
  FINGERPRINT_KEY,
  type SarifRunInput,
  type ShapedSarif,
  type SarifLog,
  type SarifRun,
  type SarifResult,
  type SarifRule,
  type SarifRunStats,
} from './sarif.ts';
export {
  trivyScanArgs,
  trivyConvertArgs,
  dbDownloadArgs,
  type ScanType,
  type TrivyScanPlan,
  type TrivyFilterInputs,
} from './trivy-args.ts';
export { syftArgs, SYFT_ENV, type SyftPlan } from './syft-args.ts';
export {
  DEFAULT_DB_REPOSITORIES,
  DEFAULT_JAVA_DB_REPOSITORIES,
  dbRepositories,
  isRetryableDbFailure,
  dbRetryDelayMs,
} from './db-repositories.ts';
export { dbCacheKey, parseMaxAge, dbIsFresh, DB_SCHEMAS, type DbKind } from './db-cache.ts';
export {
  planIgnoreFiles,
  expiredIgnores,
  isYamlIgnoreFile,
  type IgnorePlan,
  type ExpiredIgnore,
} from './trivyignore.ts';
export { scanSummary, type ScannedTarget, type ScannerIdentity, type ScanSummaryInputs } from './summary.ts';
export {
  installScanner,
  scannerFromPath,
  fileSha256,
  toolCacheVersion,
  type InstalledScanner,
} from './install-scanner.ts';
export {
  uploadSarif,
  uploadFailure,
  readOnlyTokenReason,
  POLL_DELAYS_MS,
  type SarifUploadRequest,
  type SarifUploadResult,
  type UploadDeps,
} from './sarif-upload.ts';
export { imagePlatforms, selectPlatforms, type PlatformImage } from './image-platforms.ts';
export { fetchTrivyDb, DbUnavailableError } from './db-fetch.ts';
export type { ToolRunner } from './tool-runner.ts';
export { runScan, type ScanOptions, type ScanDeps, type ScanResult, type ScanTargetResult } from './run-scan.ts';
export {
  releaseTagOf,
  uploadReleaseAssets,
  type ReleaseAssetsRequest,
  type ReleaseAssetsResult,
  type UploadedAsset,
} from './release-assets.ts';
