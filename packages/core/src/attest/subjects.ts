import { InputError } from '../errors/index.ts';
import { imageName, parseImageRef } from '../reference/index.ts';

/** An in-toto subject: https://github.com/in-toto/attestation/blob/main/spec/v1/resource_descriptor.md */
export interface Subject {
  name: string;
  /** Algorithm → lowercase hex, e.g. `{ sha256: "ab…" }`. */
  digest: Record<string, string>;
}

/** GitHub's attestation store and upstream's actions cap one statement at this many subjects. */
export const MAX_SUBJECTS = 1024;

const HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** `sha256:<hex>` → `{ sha256: hex }`, naming the input when it is not a digest we know. */
export function parseDigest(raw: string, input: string): Record<string, string> {
  const match = /^([a-z0-9]+):([a-fA-F0-9]+)$/.exec(raw.trim());
  const algorithm = match?.[1];
  const hex = match?.[2]?.toLowerCase();
  if (!algorithm || !hex || HEX_LENGTH[algorithm] !== hex.length) {
    throw new InputError(
      input,
      raw,
      'is not a digest',
      'Give <algorithm>:<hex>, e.g. sha256: followed by 64 hex characters (sha384 and sha512 are accepted too).',
    );
  }
  return { [algorithm]: hex };
}

/**
 * Subjects from `image-refs` (what `build` outputs): `name@sha256:<hex>`, one per entry.
 * The name is normalized as everywhere in the kit (lowercase, registry host and port kept,
 * tag dropped), since registries and `gh attestation verify` look the image up by it.
 */
export function subjectsFromImageRefs(refs: readonly string[], input = 'image-refs'): Subject[] {
  return refs.map((raw) => {
    const ref = parseImageRef(raw, { input });
    if (!ref.digest)
      throw new InputError(
        input,
        raw,
        'has no digest',
        'Give name@sha256:<hex>; the build action writes these to its image-refs output.',
      );
    return { name: imageName(ref), digest: parseDigest(ref.digest, input) };
  });
}

/**
 * `subject-name` + `subject-digest`. An image name (one with a registry host) is normalized;
 * any other name (a file, a package) is kept as given, as upstream does.
 */
export function subjectFromNameAndDigest(name: string, digest: string, options: { image?: boolean } = {}): Subject {
  const trimmed = name.trim();
  if (!trimmed)
    throw new InputError(
      'subject-name',
      name,
      'is empty',
      'Give the name of what is attested, e.g. ghcr.io/owner/app.',
    );
  const image = options.image ?? looksLikeImage(trimmed);
  const normalized = image ? imageName(parseImageRef(trimmed, { input: 'subject-name' })) : trimmed;
  return { name: normalized, digest: parseDigest(digest, 'subject-digest') };
}

function looksLikeImage(name: string): boolean {
  const first = name.split('/')[0] ?? '';
  return name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/**
 * `subject-checksums`: lines of `<hex>  <name>` as sha256sum/shasum print them (a `*` before
 * the name marks binary mode). The algorithm follows from the hex length.
 */
export function subjectsFromChecksums(text: string, input = 'subject-checksums'): Subject[] {
  const subjects: Subject[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const match = /^([a-fA-F0-9]+)\s+\*?(.+)$/.exec(line.trim());
    const algorithm = match && Object.entries(HEX_LENGTH).find(([, length]) => length === match[1]!.length)?.[0];
    if (!match || !algorithm) {
      throw new InputError(
        input,
        line,
        `line ${index + 1} is not a checksum line`,
        'Use the output of sha256sum: "<hex>  <file name>" per line.',
      );
    }
    subjects.push({ name: match[2]!.trim(), digest: { [algorithm]: match[1]!.toLowerCase() } });
  }
  return subjects;
}

/** One subject per (name, digest), in first-seen order, and at most MAX_SUBJECTS of them. */
export function finalizeSubjects(subjects: readonly Subject[]): Subject[] {
  const seen = new Set<string>();
  const unique: Subject[] = [];
  for (const subject of subjects) {
    const key = `${subject.name}\n${Object.entries(subject.digest)
      .sort()
      .map(([a, h]) => `${a}:${h}`)
      .join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(subject);
  }
  if (unique.length === 0) {
    throw new InputError(
      'subject-name',
      '',
      'nothing to attest',
      'Set image-refs, subject-name with subject-digest, subject-path, or subject-checksums.',
    );
  }
  if (unique.length > MAX_SUBJECTS) {
    throw new InputError(
      'subject-path',
      `${unique.length} subjects`,
      `at most ${MAX_SUBJECTS} subjects fit in one attestation`,
      'Narrow the globs, or attest in several steps.',
    );
  }
  return unique;
}

/** The subject's sha256 as `sha256:<hex>`, which a registry needs to find the image. */
export function registryDigest(subject: Subject, input = 'push-to-registry'): string {
  const hex = subject.digest.sha256;
  if (!hex) {
    const given = Object.entries(subject.digest)
      .map(([a, h]) => `${a}:${h}`)
      .join(', ');
    const algorithms = Object.keys(subject.digest).join(', ');
    throw new InputError(
      input,
      given,
      `pushing to a registry needs a sha256 digest, and ${subject.name} has only ${algorithms}`,
      'Give the image digest as sha256:<hex>, or set push-to-registry: false.',
    );
  }
  return `sha256:${hex}`;
}
