import { readBoolean, readChoice, splitInputList, type ReadInput } from '../../actions/index.ts';
import {
  checkSigstoreInputs,
  SIGNATURE_FORMATS,
  type SigstoreInputs,
  type SignatureFormat,
  type SignedImage,
} from '../../attest/index.ts';
import { InputError } from '../../errors/index.ts';
import { parseImageRef } from '../../reference/index.ts';

export interface SignInputs {
  images: SignedImage[];
  format: SignatureFormat;
  perPlatform: boolean;
  sigstore: SigstoreInputs;
  showSummary: boolean;
  token: string;
  username: string;
  password: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Every input of the sign step, read and checked before any request: each image must name a
 * digest (a signature is for exactly one manifest, never for a tag that can move). publish
 * hands over the images build pushed instead of image-refs.
 */
export function parseSignInputs(read: ReadInput, serverUrl: string, pushed?: SignedImage[]): SignInputs {
  const images = pushed ?? imagesFromRefs(read('image-refs'));
  const sigstore: SigstoreInputs = {
    choice: readChoice(read, 'sigstore', ['auto', 'public-good', 'github', 'custom'] as const, 'auto'),
    fulcioUrl: read('fulcio-url'),
    rekorUrl: read('rekor-url'),
    tsaUrl: read('tsa-url'),
  };
  checkSigstoreInputs(sigstore, serverUrl);
  return {
    images,
    format: readChoice(read, 'signature-format', SIGNATURE_FORMATS, 'bundle'),
    perPlatform: readBoolean(read, 'per-platform', false),
    sigstore,
    showSummary: readBoolean(read, 'show-summary', true),
    token: read('github-token'),
    username: read('username'),
    password: read('password'),
  };
}

function imagesFromRefs(text: string): SignedImage[] {
  const refs = splitInputList(text, { commas: true });
  if (refs.length === 0) {
    throw new InputError(
      'image-refs',
      '',
      'there is nothing to sign',
      "Set image-refs to name@sha256:<hex>, one per line (the build action's image-refs output).",
    );
  }
  return refs.map((raw): SignedImage => {
    const ref = parseImageRef(raw, { input: 'image-refs' });
    if (!ref.digest)
      throw new InputError(
        'image-refs',
        raw,
        'has no digest',
        'Give name@sha256:<hex>; a tag can move after signing, a digest cannot.',
      );
    if (!DIGEST.test(ref.digest))
      throw new InputError(
        'image-refs',
        raw,
        'the digest is not sha256:<64 hex>',
        'Give the digest the build pushed, e.g. its digest output.',
      );
    return { registry: ref.registry, repository: ref.repository, digest: ref.digest };
  });
}
