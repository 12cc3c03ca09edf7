import { InputError } from '../errors/index.ts';
import { splitInputList } from '../actions/input-list.ts';
import { parseKeyValue } from '../labels/key-values.ts';
import { imageName, isSha256Digest, parseImageName, parseImageRef, type ImageRef } from '../reference/index.ts';

/** One repository to push to, and the tags it gets. */
export interface MergeTarget {
  image: ImageRef;
  tags: string[];
}

/** A digest to join, and the repository to read it from when the input named one. */
export interface DigestInput {
  digest: string;
  from?: ImageRef;
  /** The text given, for errors. */
  raw: string;
}

const split = (text: string) => splitInputList(text, { commas: true });

/** `images`: names without tag or digest, one per line or comma-separated. */
export function parseTargetImages(text: string): ImageRef[] {
  return split(text).map((raw) => parseImageName(raw, 'images'));
}

/** `digests`: `sha256:<hex>`, bare `<hex>`, or `name@sha256:<hex>`, separated by lines, commas or spaces. */
export function parseDigests(text: string): DigestInput[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((raw) => {
      if (raw.includes('@')) {
        const ref = parseImageRef(raw, { input: 'digests' });
        return { digest: ref.digest!, from: { registry: ref.registry, repository: ref.repository }, raw };
      }
      const digest = /^[a-f0-9]{64}$/.test(raw) ? `sha256:${raw}` : raw;
      if (!isSha256Digest(digest))
        throw new InputError(
          'digests',
          raw,
          'this is not a sha256 digest',
          'Give sha256:<64 hex>, the 64 hex alone, or name@sha256:<64 hex>.',
        );
      return { digest, raw };
    });
}

/**
 * `digests-dir` entries: each file is named by the digest's hex, its content may be empty,
 * the layout of Docker's multi-platform workflow (`touch "/tmp/digests/${digest#sha256:}"`).
 * https://docs.docker.com/build/ci/github-actions/multi-platform/#distribute-build-across-multiple-runners
 */
export function digestsFromFileNames(names: readonly string[], dir: string): DigestInput[] {
  const out: DigestInput[] = [];
  for (const name of [...names].sort()) {
    if (name.startsWith('.')) continue;
    const hex = name.replace(/^sha256[:-]/, '');
    if (!/^[a-f0-9]{64}$/.test(hex)) {
      throw new InputError(
        'digests-dir',
        `${dir}/${name}`,
        'a file here is not named by a digest',
        'Keep only files named by the 64 hex characters of each digest, as the build action writes them.',
      );
    }
    out.push({ digest: `sha256:${hex}`, raw: `${dir}/${name}` });
  }
  if (out.length === 0)
    throw new InputError(
      'digests-dir',
      dir,
      'the directory holds no digest files',
      'Download the digest artifacts of every build job into it first.',
    );
  return out;
}

/**
 * `tags` as meta writes them (`ghcr.io/owner/app:1.2.3`) or bare (`1.2.3`). A full ref tags
 * its own image; a bare tag applies to every image. Images named only in tags are pushed too.
 */
export function planTargets(images: readonly ImageRef[], tagsText: string): MergeTarget[] {
  const targets = new Map<string, MergeTarget>();
  for (const image of images) targets.set(imageName(image), { image, tags: [] });
  const bare: string[] = [];
  for (const raw of split(tagsText)) {
    if (!raw.includes('/')) {
      const ref = parseImageRef(`example.invalid/x:${raw}`, { input: 'tags' });
      if (!ref.tag)
        throw new InputError(
          'tags',
          raw,
          'this is neither a tag nor name:tag',
          'Give tags such as 1.2.3, or full references such as ghcr.io/owner/app:1.2.3.',
        );
      bare.push(ref.tag);
      continue;
    }
    const ref = parseImageRef(raw, { input: 'tags' });
    if (!ref.tag || ref.digest)
      throw new InputError(
        'tags',
        raw,
        'a full reference here needs a tag and no digest',
        'Use name:tag, as the meta action writes them.',
      );
    const name = imageName(ref);
    const target = targets.get(name) ?? { image: { registry: ref.registry, repository: ref.repository }, tags: [] };
    if (!target.tags.includes(ref.tag)) target.tags.push(ref.tag);
    targets.set(name, target);
  }
  for (const target of targets.values()) for (const tag of bare) if (!target.tags.includes(tag)) target.tags.push(tag);
  if (targets.size === 0)
    throw new InputError(
      'images',
      '',
      'no image to push to',
      'Set "images", or give full name:tag references in "tags".',
    );
  return [...targets.values()];
}

/**
 * `annotations` for the index: bare `key=value`, or prefixed with annotation levels as
 * buildx writes them (`index:`, `manifest,index:`); lines for other levels are skipped,
 * since they belong to the per-platform builds.
 * https://docs.docker.com/build/metadata/annotations/#specify-annotation-level
 */
// `level` or `level[platform]`, comma-separated, then a colon: `manifest,index[linux/amd64]:`.
const LEVEL = String.raw`(?:manifest|index|manifest-descriptor|index-descriptor)(?:\[[^\]]*\])?`;
const LEVEL_PREFIX = new RegExp(`^(${LEVEL}(?:,${LEVEL})*):`);

export function parseIndexAnnotations(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of splitInputList(text)) {
    let rest = line;
    const prefix = LEVEL_PREFIX.exec(line);
    if (prefix) {
      const levels = prefix[1]!.split(',').map((l) => l.replace(/\[.*$/, ''));
      if (!levels.includes('index')) continue;
      rest = line.slice(prefix[0].length);
    }
    const [key, value] = parseKeyValue(rest, 'annotations');
    out[key] = value;
  }
  return out;
}
