import { parse } from 'csv-parse/sync';
import type { Context } from '../context/index.ts';

export interface AttestOptions {
  provenance: string;
  sbom: string;
  attests: string[];
  context: Context;
  /** No provenance of our own: BUILDX_NO_DEFAULT_ATTESTATIONS, an old BuildKit, or the Docker image store. */
  noDefaultProvenance: boolean;
}

/** `<server>/<repo>/actions/runs/<id>/attempts/<n>`: the run that built the image, as upstream names it. */
export function builderId(context: Context): string {
  const run = `${context.serverUrl}/${context.repository.fullName}/actions/runs/${context.runId}`;
  return `${run}/attempts/${context.runAttempt || '1'}`;
}

/**
 * `--attest` arguments for `provenance`, `sbom` and `attests`, as docker/build-push-action
 * writes them: a boolean field becomes `disabled=`, provenance gets the run as `builder-id`
 * unless it names one, a user's `mode=` is kept, and `provenance`/`sbom` win over an `attests`
 * entry of the same type. Without any, a public repository gets `mode=max`, a private one
 * buildx's own default `mode=min,inline-only=true`.
 * https://docs.docker.com/build/ci/github-actions/attestations/
 */
export function attestArgs(options: AttestOptions): string[] {
  const { provenance, sbom, attests, context } = options;
  const id = builderId(context);
  const args: string[] = [];
  const attestsProvenance = attests.some((a) => hasAttestationType('provenance', a));
  if (provenance) {
    args.push('--attest', resolveAttestationAttrs(`type=provenance,${provenanceAttrs(provenance, id)}`));
  } else if (!attestsProvenance && !options.noDefaultProvenance) {
    const isPrivate = (context.payload.repository as { private?: boolean } | undefined)?.private ?? false;
    args.push('--attest', `type=provenance,${withBuilderId(isPrivate ? 'mode=min,inline-only=true' : 'mode=max', id)}`);
  }
  if (sbom) args.push('--attest', resolveAttestationAttrs(`type=sbom,${sbom}`));
  for (const attest of attests) {
    if (hasAttestationType('provenance', attest)) {
      if (!provenance) args.push('--attest', withBuilderId(attest, id));
    } else if (hasAttestationType('sbom', attest)) {
      if (!sbom) args.push('--attest', attest);
    } else args.push('--attest', resolveAttestationAttrs(attest));
  }
  return args;
}

/** The `provenance` input: true is the run's builder id, false stays false, attributes get the id added. */
function provenanceAttrs(input: string, id: string): string {
  if (/^true$/i.test(input)) return `builder-id=${id}`;
  if (/^false$/i.test(input)) return 'false';
  return withBuilderId(input, id);
}

function withBuilderId(attrs: string, id: string): string {
  return fields(attrs).some((f) => f.split('=')[0]!.trim() === 'builder-id') ? attrs : `${attrs},builder-id=${id}`;
}

/** A bare true/false field is buildx's shorthand for `disabled=`, which we write out. */
function resolveAttestationAttrs(attrs: string): string {
  return fields(attrs)
    .map((f) => (/^(true|false)$/i.test(f) ? `disabled=${!/^true$/i.test(f)}` : csvField(f)))
    .join(',');
}

/** A field back in CSV form: one holding a comma or a quote is quoted again, so buildx reads it whole. */
function csvField(field: string): string {
  return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function hasAttestationType(type: string, attrs: string): boolean {
  return fields(attrs).some((f) => {
    const [key, value] = f.split('=').map((s) => s.trim());
    return key === 'type' && value === type;
  });
}

/** Attribute fields, quoted commas kept (buildx parses them as CSV too). */
function fields(attrs: string): string[] {
  return (parse(attrs, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]).flat();
}
