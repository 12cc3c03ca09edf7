import { z } from 'zod';

/**
 * The parts of Trivy's JSON report (SchemaVersion 2) we read. Unknown fields pass through, so
 * a newer Trivy that adds fields still parses; a missing required field fails here, at the
 * boundary, with zod's path to it.
 * https://trivy.dev/latest/docs/configuration/reporting/#json
 */
const vulnerabilitySchema = z.looseObject({
  VulnerabilityID: z.string(),
  PkgID: z.string().optional(),
  PkgName: z.string(),
  PkgPath: z.string().optional(),
  PkgIdentifier: z.looseObject({ PURL: z.string().optional() }).optional(),
  InstalledVersion: z.string().default(''),
  FixedVersion: z.string().optional(),
  Status: z.string().optional(),
  Severity: z.string().default('UNKNOWN'),
  Title: z.string().optional(),
  Description: z.string().optional(),
  PrimaryURL: z.string().optional(),
  References: z.array(z.string()).optional(),
});
export type TrivyVulnerability = z.infer<typeof vulnerabilitySchema>;

const resultSchema = z.looseObject({
  Target: z.string(),
  Class: z.string().optional(),
  Type: z.string().optional(),
  Vulnerabilities: z.array(vulnerabilitySchema).nullish().transform((v) => v ?? []),
});
export type TrivyResult = z.infer<typeof resultSchema>;

export const trivyReportSchema = z.looseObject({
  SchemaVersion: z.literal(2),
  ArtifactName: z.string().optional(),
  ArtifactType: z.string().optional(),
  Metadata: z
    .looseObject({
      OS: z.looseObject({ Family: z.string(), Name: z.string().optional() }).optional(),
      RepoDigests: z.array(z.string()).nullish(),
      ImageID: z.string().optional(),
    })
    .optional(),
  Results: z.array(resultSchema).nullish().transform((r) => r ?? []),
});
export type TrivyReport = z.infer<typeof trivyReportSchema>;

/** Parses the text of `trivy --format json`; the error names the file and the field. */
export function parseTrivyReport(text: string, source = 'Trivy JSON report'): TrivyReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  const parsed = trivyReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source} is not a Trivy report (SchemaVersion 2): ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
