import { readFile } from 'node:fs/promises';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { InputError } from '../errors/index.ts';
import type { TrustedRootSource } from './verify-bundle.ts';

const PUBLIC_GOOD_TUF = 'https://tuf-repo-cdn.sigstore.dev';

/**
 * Sigstore public-good's trusted_root.json as @sigstore/tuf ships it in its TUF seed: pinned
 * by our lockfile, read offline. Key rotations reach us with a dependency update.
 * https://github.com/sigstore/root-signing
 */
export function pinnedPublicGoodRoot(): TrustedRootSource {
  const target = (seeds as Record<string, { targets?: Record<string, string> }>)[PUBLIC_GOOD_TUF]?.targets?.[
    'trusted_root.json'
  ];
  if (!target)
    throw new Error('@sigstore/tuf no longer ships the public-good trusted root in its seed; pass trusted-root');
  return { name: 'pinned public-good trusted root', json: JSON.parse(Buffer.from(target, 'base64').toString('utf8')) };
}

/**
 * The roots verify trusts: the `trusted-root` file when given (a company's Sigstore, or GitHub's
 * from `gh attestation trusted-root`), else the pinned public-good root unless no-public-good.
 */
export async function trustedRoots(path: string, noPublicGood: boolean): Promise<TrustedRootSource[]> {
  if (path) {
    const text = await readFile(path, 'utf8').catch(() => {
      throw new InputError('trusted-root', path, 'cannot be read', 'Give the path of a trusted_root.json.');
    });
    try {
      return [{ name: path, json: JSON.parse(text) }];
    } catch (error) {
      throw new InputError(
        'trusted-root',
        path,
        `is not JSON (${(error as Error).message})`,
        'Give a trusted_root.json as Sigstore publishes it.',
      );
    }
  }
  if (noPublicGood) {
    throw new InputError(
      'no-public-good',
      'true',
      "GitHub's trusted root is not shipped with this action yet, and public-good is excluded",
      'Set trusted-root to the output of `gh attestation trusted-root`.',
    );
  }
  return [pinnedPublicGoodRoot()];
}
