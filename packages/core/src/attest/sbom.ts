import { InputError } from '../errors/index.ts';
import type { Predicate } from './predicate.ts';

export const CYCLONEDX_PREDICATE = 'https://cyclonedx.org/bom';

/**
 * Types an SBOM from its own fields, as upstream does: SPDX by `spdxVersion` (and `SPDXID`),
 * typed `https://spdx.dev/Document/v<X.Y>`; CycloneDX by `bomFormat`, which must carry a
 * `serialNumber` (the predicate type says which BOM, and verifiers key on it).
 * https://spdx.github.io/spdx-spec/v2.3/document-creation-information/
 * https://cyclonedx.org/docs/1.6/json/#serialNumber
 */
export function sbomPredicate(text: string, path: string): Predicate {
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    doc = parsed as Record<string, unknown>;
  } catch (error) {
    throw new InputError(
      'sbom-path',
      path,
      `is not a JSON SBOM (${(error as Error).message})`,
      'Give an SPDX or CycloneDX SBOM in JSON, such as the scan action writes.',
    );
  }
  if (typeof doc.spdxVersion === 'string') {
    const version = /^SPDX-(\d+\.\d+)$/.exec(doc.spdxVersion)?.[1];
    if (!version)
      throw new InputError(
        'sbom-path',
        path,
        `has spdxVersion "${doc.spdxVersion}", which is not SPDX-<major>.<minor>`,
        'Regenerate the SBOM with a current SPDX tool.',
      );
    if (typeof doc.SPDXID !== 'string')
      throw new InputError(
        'sbom-path',
        path,
        'is an SPDX document without "SPDXID"',
        'Regenerate the SBOM; every SPDX document has SPDXID "SPDXRef-DOCUMENT".',
      );
    return { type: `https://spdx.dev/Document/v${version}`, body: doc };
  }
  if (doc.bomFormat === 'CycloneDX') {
    if (typeof doc.serialNumber !== 'string' || !doc.serialNumber) {
      throw new InputError(
        'sbom-path',
        path,
        'is a CycloneDX SBOM without "serialNumber"',
        'Generate it with a serial number (syft and trivy add one; cyclonedx-cli: --serial-number), ' +
          'or add "serialNumber": "urn:uuid:<uuid>".',
      );
    }
    return { type: CYCLONEDX_PREDICATE, body: doc };
  }
  throw new InputError(
    'sbom-path',
    path,
    'is neither SPDX (no "spdxVersion") nor CycloneDX (no "bomFormat": "CycloneDX")',
    'Give an SPDX 2.x or CycloneDX JSON SBOM.',
  );
}
