import { InputError } from '../errors/index.ts';

/** A predicate type URI and its JSON body. */
export interface Predicate {
  type: string;
  body: unknown;
}

/** GitHub's attestations API refuses larger bundles; upstream checks the same before signing. */
export const MAX_PREDICATE_BYTES = 16 * 1024 * 1024;

/** A custom predicate: `predicate-type` with `predicate` (inline JSON) or a file's text. */
export function customPredicate(
  type: string,
  text: string,
  input: 'predicate' | 'predicate-path',
  source: string = input,
): Predicate {
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(type.trim())) {
    throw new InputError(
      'predicate-type',
      type,
      'is not a URI',
      'Give the predicate type as a URI, e.g. https://example.com/release/v1.',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      input,
      source,
      `is not JSON (${(error as Error).message})`,
      'Give the predicate as a JSON object.',
    );
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError(input, source, 'is not a JSON object', 'A predicate is a JSON object; wrap lists in one.');
  }
  return { type: type.trim(), body };
}

/**
 * Refuses a predicate over 16 MiB before anything is signed, and names what to trim: the
 * largest top-level members of the document with their sizes, plus the parts of an SBOM that
 * are usually safe to drop.
 */
export function checkPredicateSize(predicate: Predicate, source: string): void {
  const size = Buffer.byteLength(JSON.stringify(predicate.body));
  if (size <= MAX_PREDICATE_BYTES) return;
  const members = largestMembers(predicate.body);
  throw new Error(
    `the predicate from ${source} is ${mebibytes(size)}, over the 16 MiB an attestation can hold. ` +
      (members ? `Its largest parts: ${members}. ` : '') +
      'For an SBOM, generate it without per-file entries ' +
      '(SPDX "files" and their relationships; CycloneDX "components" of type file), ' +
      'and drop license texts and "properties"/"annotations" you do not need; or attest one platform per SBOM.',
  );
}

/** The three largest top-level members of 64 KiB or more, as `"files" 12.3 MiB`. */
function largestMembers(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  return Object.entries(body as Record<string, unknown>)
    .map(([key, value]) => [key, Buffer.byteLength(JSON.stringify(value) ?? '')] as const)
    .filter(([, bytes]) => bytes >= 64 * 1024)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([key, bytes]) => `"${key}" ${mebibytes(bytes)}`)
    .join(', ');
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
