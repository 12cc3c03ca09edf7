import { bundleFromJSON } from '@sigstore/bundle';
import type { RegistryClient } from '../registry/index.ts';
import { COSIGN_SIGN_PREDICATE } from './sign-image.ts';
import { fetchSignatureTag } from './signature-storage.ts';
import { bundleFromCosignLayer, payloadDigest, signatureTag } from './simple-signing.ts';
import { BundleVerificationError, verifyBundle, verifySigned, type TrustedRootSource } from './verify-bundle.ts';
import { checkSigner, type PolicyCheck, type VerifyPolicy } from './verify-policy.ts';

/** One image signature found, and what became of it. */
export interface SignatureVerdict {
  source: string;
  form: 'bundle' | 'sig-tag';
  passed: boolean;
  error?: { check: string; message: string };
  checks: PolicyCheck[];
  signer?: string;
}

/** Whether a bundle holds cosign's image-signature statement rather than an attestation. */
export function isSignatureBundle(json: unknown): boolean {
  const payload = (json as { dsseEnvelope?: { payload?: string } } | undefined)?.dsseEnvelope?.payload;
  if (typeof payload !== 'string') return false;
  try {
    return (
      (JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { predicateType?: string }).predicateType ===
      COSIGN_SIGN_PREDICATE
    );
  } catch {
    return false;
  }
}

const failed = (source: string, form: SignatureVerdict['form'], error: unknown): SignatureVerdict => ({
  source,
  form,
  passed: false,
  checks: [],
  error: {
    check: error instanceof BundleVerificationError ? error.check : 'signature',
    message: (error as Error).message,
  },
});

function judged(
  source: string,
  form: SignatureVerdict['form'],
  digestCheck: PolicyCheck,
  policy: VerifyPolicy,
  identity: Parameters<typeof checkSigner>[1],
): SignatureVerdict {
  const checks = [digestCheck, ...checkSigner(policy, identity)];
  const signer = identity.subjectAlternativeName;
  return { source, form, passed: checks.every((c) => c.passed), checks, ...(signer && { signer }) };
}

/** A bundle-form signature (a referrer whose statement is cosign's sign predicate). */
export function verifySignatureBundle(
  source: string,
  json: unknown,
  digest: string,
  policy: VerifyPolicy,
  roots: readonly TrustedRootSource[],
): SignatureVerdict {
  try {
    const { statement, identity } = verifyBundle(json, roots);
    const hex = digest.replace(/^sha256:/, '');
    const named = statement.subject
      .map((s) =>
        Object.entries(s.digest)
          .map(([a, h]) => `${a}:${h}`)
          .join(','),
      )
      .join(', ');
    const passed = statement.subject.some((s) => s.digest.sha256 === hex);
    return judged(
      source,
      'bundle',
      {
        check: 'signed-digest',
        passed,
        message: passed ? `signs ${digest}` : `the signature is for ${named}, not for ${digest}`,
      },
      policy,
      identity,
    );
  } catch (error) {
    return failed(source, 'bundle', error);
  }
}

/** Every signature in the digest's `sha256-<hex>.sig` tag, each verified against the roots and the policy. */
export async function verifySignatureTag(
  client: RegistryClient,
  repository: string,
  digest: string,
  policy: VerifyPolicy,
  roots: readonly TrustedRootSource[],
): Promise<SignatureVerdict[]> {
  const source = `${client.registry}/${repository}:${signatureTag(digest)}`;
  return (await fetchSignatureTag(client, repository, digest)).map(({ layer, payload }) => {
    try {
      const json = bundleFromCosignLayer(layer.annotations ?? {}, payload);
      if (!json) throw new BundleVerificationError('signature', 'the layer has no signature or certificate annotation');
      const { identity } = verifySigned(bundleFromJSON(json), roots, payload);
      const signed = payloadDigest(payload);
      const passed = signed === digest;
      return judged(
        source,
        'sig-tag',
        {
          check: 'signed-digest',
          passed,
          message: passed ? `signs ${digest}` : `the signed payload names ${signed ?? 'no image'}, not ${digest}`,
        },
        policy,
        identity,
      );
    } catch (error) {
      return failed(source, 'sig-tag', error);
    }
  });
}
