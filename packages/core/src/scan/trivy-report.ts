import * as z from 'zod/mini';

/**
 * The parts of Trivy's JSON report (SchemaVersion 2) we read. Unknown fields pass through, so
 * a newer Trivy that adds fields still parses; a missing required field fails here, at the
 * boundary, with zod's path to it.
 * https://trivy.dev/latest/docs/configuration/reporting/#json
 */
const optionalString = z.optional(z.string());
const vulnerabilitySchema = z.looseObject({
  VulnerabilityID: z.string(),
  PkgID: optionalString,
  PkgName: z.string(),
  PkgPath: optionalString,
  PkgIdentifier: z.optional(z.looseObject({ PURL: optionalString })),
  InstalledVersion: z._default(z.string(), ''),
  FixedVersion: optionalString,
  Status: optionalString,
  Severity: z._default(z.string(), 'UNKNOWN'),
  Title: optionalString,
  Description: optionalString,
  PrimaryURL: optionalString,
  References: z.optional(z.array(z.string())),
});
export type TrivyVulnerability = z.infer<typeof vulnerabilitySchema>;

/** Trivy writes `null` for an empty list; we read it as []. */
const listOrNull = <T extends z.ZodMiniType>(item: T) =>
  z.pipe(
    z.nullish(z.array(item)),
    z.transform((v) => v ?? []),
  );

const resultSchema = z.looseObject({
  Target: z.string(),
  Class: optionalString,
  Type: optionalString,
  Vulnerabilities: listOrNull(vulnerabilitySchema),
});
export type TrivyResult = z.infer<typeof resultSchema>;

export const trivyReportSchema = z.looseObject({
  SchemaVersion: z.literal(2),
  ArtifactName: optionalString,
  ArtifactType: optionalString,
  Metadata: z.optional(
    z.looseObject({
      OS: z.optional(z.looseObject({ Family: z.string(), Name: optionalString })),
      RepoDigests: z.nullish(z.array(z.string())),
      ImageID: optionalString,
    }),
  ),
  Results: listOrNull(resultSchema),
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
    // zod/mini carries no English messages (they cost the bundle); the issue has the facts.
    const expected = issue.code === 'invalid_type' ? `: expected ${issue.expected}` : '';
    const where = issue.path.join('.') || '(root)';
    throw new Error(`${source} is not a Trivy report (SchemaVersion 2): ${where}: ${issue.message}${expected}`);
  }
  return parsed.data;
}
