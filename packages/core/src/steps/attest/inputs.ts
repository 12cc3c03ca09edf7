import { readBoolean, readChoice, splitInputList, type ReadInput } from '../../actions/index.ts';
import {
  actionsIssuer,
  checkSigstoreInputs,
  parseVerifyPolicy,
  readPredicate,
  subjectsFromInputs,
  trustedRoots,
  SIGNATURE_RULES,
  type PredicateChoice,
  type SigstoreInputs,
  type Subject,
  type TrustedRootSource,
  type VerifyPolicy,
} from '../../attest/index.ts';
import type { Context } from '../../context/index.ts';
import { InputError } from '../../errors/index.ts';
import { parseImageRef, type ImageRef } from '../../reference/index.ts';

interface Common {
  showSummary: boolean;
  token: string;
  username: string;
  password: string;
}

export interface AttestModeInputs extends Common {
  mode: 'attest';
  subjects: Subject[];
  predicate: PredicateChoice;
  pushToRegistry: boolean;
  perPlatform: boolean;
  sigstore: SigstoreInputs;
}

export interface VerifyModeInputs extends Common {
  mode: 'verify';
  policy: VerifyPolicy;
  roots: TrustedRootSource[];
  image: ImageRef;
  /** The input the image came from, for messages. */
  imageInput: 'image-ref' | 'subject-name';
}

export type AttestInputs = AttestModeInputs | VerifyModeInputs;

/** What publish hands attest instead of inputs: the pushed images and the SBOM scan wrote. */
export interface AttestFed {
  subjects: Subject[];
  sbomPath: string;
}

/**
 * Every input of the attest step, read and checked before the OIDC token is asked for and
 * before any request: booleans, choices, subjects (digests and files), the predicate files,
 * the Sigstore URLs; in verify mode the policy, the trusted root and the image reference.
 */
export async function parseAttestInputs(read: ReadInput, context: Context, fed?: AttestFed): Promise<AttestInputs> {
  const common: Common = {
    showSummary: readBoolean(read, 'show-summary', true),
    token: read('github-token'),
    username: read('username'),
    password: read('password'),
  };
  const mode = fed ? 'attest' : readChoice(read, 'mode', ['attest', 'verify'] as const, 'attest');
  if (mode === 'verify') return { mode, ...common, ...(await verifyInputs(read, context)) };

  const pushToRegistry = readBoolean(read, 'push-to-registry', false);
  const perPlatform = readBoolean(read, 'per-platform', false);
  const sigstore: SigstoreInputs = {
    choice: readChoice(read, 'sigstore', ['auto', 'public-good', 'github', 'custom'] as const, 'auto'),
    fulcioUrl: read('fulcio-url'),
    rekorUrl: read('rekor-url'),
    tsaUrl: read('tsa-url'),
  };
  checkSigstoreInputs(sigstore, context.serverUrl);
  const subjects =
    fed?.subjects ??
    (await subjectsFromInputs({
      imageRefs: splitInputList(read('image-refs')),
      subjectName: read('subject-name'),
      subjectDigest: read('subject-digest'),
      subjectPaths: splitInputList(read('subject-path')),
      subjectChecksums: read('subject-checksums'),
      pushToRegistry,
    }));
  const predicate = await readPredicate(
    fed
      ? { sbomPath: fed.sbomPath, predicateType: '', predicate: '', predicatePath: '' }
      : {
          sbomPath: read('sbom-path'),
          predicateType: read('predicate-type'),
          predicate: read('predicate'),
          predicatePath: read('predicate-path'),
        },
  );
  return { mode, ...common, subjects, predicate, pushToRegistry, perPlatform, sigstore };
}

async function verifyInputs(read: ReadInput, context: Context): Promise<Omit<VerifyModeInputs, 'mode' | keyof Common>> {
  const policy = parseVerifyPolicy({
    owner: read('owner'),
    repo: read('repo'),
    'signer-workflow': read('signer-workflow'),
    'signer-repo': read('signer-repo'),
    'cert-identity': read('cert-identity'),
    'cert-identity-regex': read('cert-identity-regex'),
    'cert-oidc-issuer': read('cert-oidc-issuer'),
    'predicate-type': read('predicate-type'),
    'source-ref': read('source-ref'),
    'source-digest': read('source-digest'),
    'signer-digest': read('signer-digest'),
    'deny-self-hosted-runners': readBoolean(read, 'deny-self-hosted-runners', false),
    'no-public-good': readBoolean(read, 'no-public-good', false),
    signatures: readChoice(read, 'signatures', SIGNATURE_RULES, 'if-present'),
    serverUrl: context.serverUrl,
    defaultIssuer: actionsIssuer(context.serverUrl),
  });
  const roots = await trustedRoots(read('trusted-root'), policy.noPublicGood);
  const imageInput = read('image-ref') ? 'image-ref' : 'subject-name';
  const raw = read('image-ref') || (read('subject-name') && `${read('subject-name')}@${read('subject-digest')}`);
  if (!raw) {
    throw new InputError(
      'image-ref',
      '',
      'verify needs the image',
      'Set image-ref (name:tag or name@sha256:<hex>), or subject-name with subject-digest.',
    );
  }
  return { policy, roots, image: parseImageRef(raw, { input: imageInput }), imageInput };
}
