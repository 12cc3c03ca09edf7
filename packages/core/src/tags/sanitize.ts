import { createHash } from 'node:crypto';

/** The OCI distribution spec's tag limit: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests */
export const MAX_TAG_LENGTH = 128;
const HASH_LENGTH = 8;

/**
 * Makes any value a valid tag, deterministically: runs of characters outside
 * `[A-Za-z0-9_.-]` become one `-` (upstream's rule, so `feat/new-feature` → `feat-new-feature`),
 * leading `.` and `-` go (registries refuse them), and a value over 128 characters is cut and
 * ends in `-` plus a hash of the whole value, so two long values sharing a prefix stay
 * distinct. Returns '' when nothing usable is left.
 */
export function sanitizeTag(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[.-]+/, '');
  if (cleaned.length <= MAX_TAG_LENGTH) return cleaned;
  const hash = createHash('sha256').update(cleaned).digest('hex').slice(0, HASH_LENGTH);
  return `${cleaned.slice(0, MAX_TAG_LENGTH - HASH_LENGTH - 1)}-${hash}`;
}
