import { readBoolean, readChoice, type ReadInput } from '../../actions/read-input.ts';
import { InputError } from '../../errors/index.ts';
import {
  digestsFromFileNames,
  parseDigests,
  parseIndexAnnotations,
  parseTargetImages,
  planTargets,
  type DigestInput,
  type MergeTarget,
} from '../../merge/index.ts';
import { parseImageRef, type ImageRef } from '../../reference/index.ts';

export type MergeMode = 'merge' | 'promote';

/** Everything the merge action was asked to do, read and checked before the first request. */
export interface MergeInputs {
  mode: MergeMode;
  /** Why the mode is what it is, for the log: set, or taken from `source`. */
  modeReason: string;
  dryRun: boolean;
  targets: MergeTarget[];
  /** merge: the digests to join. */
  digests: DigestInput[];
  annotations: Record<string, string>;
  /** promote: the existing image. */
  source?: ImageRef;
  credentials: { username: string; password: string; token: string };
}

/** Lists a directory's entries; undefined when it does not exist. */
export type ListDirectory = (dir: string) => string[] | undefined;

/**
 * Reads every merge input. Without `mode`, `source` alone means promote (there is nothing
 * else it could mean); `mode: merge` with a `source`, or a `source` beside digests, is refused,
 * since one of the two would be silently ignored.
 */
export function parseMergeInputs(read: ReadInput, listDirectory: ListDirectory): MergeInputs {
  const dryRun = readBoolean(read, 'dry-run', false);
  const chosen = read('mode') === '' ? undefined : readChoice(read, 'mode', ['merge', 'promote'] as const, 'merge');
  const sourceText = read('source');
  const dir = read('digests-dir');
  const hasDigests = read('digests') !== '' || dir !== '';
  const mode: MergeMode = chosen ?? (sourceText && !hasDigests ? 'promote' : 'merge');
  if (!chosen && sourceText && hasDigests) {
    throw new InputError(
      'source',
      sourceText,
      'is given beside digests/digests-dir, so it is unclear whether to promote it or to merge the digests',
      'Set mode: promote to re-tag source, or remove source to merge the digests.',
    );
  }
  if (chosen === 'merge' && sourceText) {
    throw new InputError(
      'source',
      sourceText,
      'is only read with mode: promote',
      'Set mode: promote (or leave mode unset) to re-tag source, or remove source.',
    );
  }
  const credentials = { username: read('username'), password: read('password'), token: read('github-token') };
  const modeReason = chosen
    ? `mode: ${chosen} was set`
    : mode === 'promote'
      ? 'promote: source is set and no digests are'
      : 'merge: the default';
  if (mode === 'promote') {
    if (!sourceText)
      throw new InputError(
        'source',
        '',
        'promote needs the image to promote',
        'Set source to name:tag or name@sha256:<hex>.',
      );
    const source = parseImageRef(sourceText, { input: 'source' });
    if (!source.tag && !source.digest)
      throw new InputError(
        'source',
        sourceText,
        'the source needs a tag or a digest',
        'Give name:tag or name@sha256:<hex>.',
      );
    // Bare tags with no images re-tag the source's own repository.
    const images = parseTargetImages(read('images'));
    const targets = planTargets(
      images.length ? images : [{ registry: source.registry, repository: source.repository }],
      read('tags'),
    );
    if (targets.every((t) => t.tags.length === 0))
      throw new InputError(
        'tags',
        read('tags'),
        'promote needs at least one tag to add',
        'Set tags, e.g. stable or ghcr.io/owner/app:stable.',
      );
    return { mode, modeReason, dryRun, targets, digests: [], annotations: {}, source, credentials };
  }
  const targets = planTargets(parseTargetImages(read('images')), read('tags'));
  const digests = [...parseDigests(read('digests')), ...(dir ? digestsFromDirectory(dir, listDirectory) : [])];
  if (digests.length === 0) {
    throw new InputError(
      'digests',
      '',
      'no digest to merge',
      'Set digests or digests-dir, or set source (with mode: promote) to re-tag an existing image.',
    );
  }
  return {
    mode,
    modeReason,
    dryRun,
    targets,
    digests,
    annotations: parseIndexAnnotations(read('annotations')),
    credentials,
  };
}

function digestsFromDirectory(dir: string, listDirectory: ListDirectory): DigestInput[] {
  const names = listDirectory(dir);
  if (names === undefined) {
    throw new InputError(
      'digests-dir',
      dir,
      'the directory does not exist',
      'Download the digest artifacts of every build job into it first ' +
        '(actions/download-artifact with path: this directory).',
    );
  }
  return digestsFromFileNames(names, dir);
}
