/**
 * GitHub's documented limits for one SARIF upload; over any of them the upload is rejected
 * (or, for results, silently truncated), so we shape to them ourselves and say what we dropped.
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#validating-your-sarif-file
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/uploading-a-sarif-file-to-github#upload-limits
 */
export interface SarifLimits {
  gzipBytes: number;
  runs: number;
  resultsPerRun: number;
  rulesPerRun: number;
  locationsPerResult: number;
  ruleNameChars: number;
  descriptionChars: number;
}

export const SARIF_LIMITS: SarifLimits = {
  gzipBytes: 10 * 1024 * 1024,
  runs: 20,
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  locationsPerResult: 1_000,
  ruleNameChars: 255,
  descriptionChars: 1_024,
};

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
