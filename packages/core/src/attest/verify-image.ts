import { listAttestations } from './attestations-api.ts';
import { fetchReferrerBundles } from './registry-storage.ts';
import { BundleVerificationError, verifyBundle, type TrustedRootSource } from './verify-bundle.ts';
import { checkPolicy, type PolicyCheck, type VerifyPolicy } from './verify-policy.ts';
import {
  isSignatureBundle,
  verifySignatureBundle,
  verifySignatureTag,
  type SignatureVerdict,
} from './verify-signature.ts';
import type { RegistryClient } from '../registry/index.ts';

export interface VerifyRequest {
  /** Normalized name and the digest to verify (a tag is resolved before this). */
  image: { registry: string; repository: string; digest: string };
  policy: VerifyPolicy;
  roots: TrustedRootSource[];
  client: RegistryClient;
  api?: { apiUrl: string; token: string; repository: string };
}

export interface AttestationVerdict {
  source: string;
  passed: boolean;
  /** Why the bundle itself did not verify (signature, chain, log, timestamp). */
  error?: { check: string; message: string };
  checks: PolicyCheck[];
  signer?: string;
  predicateType?: string;
}

export interface VerifyResult {
  image: string;
  digest: string;
  verified: boolean;
  attestations: AttestationVerdict[];
  /** Image signatures found (bundle referrers and the `.sig` tag), unless the policy ignores them. */
  signatures?: SignatureVerdict[];
  notes: string[];
}

/**
 * Finds the image's attestations in its repository (referrers API, then the tag schema) and
 * through the attestations API when the token can read it, verifies each, and passes when at
 * least one satisfies every check of the policy. Image signatures found beside it are held to
 * the policy's signer checks: with `signatures: if-present` one of them must pass when there
 * are any, with `required` there must be one that passes.
 */
export async function verifyImage(request: VerifyRequest): Promise<VerifyResult> {
  const { image } = request;
  const notes: string[] = [];
  const found: Array<{ source: string; bundle: unknown }> = [];
  const signatures: SignatureVerdict[] = [];
  const checkSignatures = request.policy.signatures !== 'ignore';
  for (const { digest, bundle } of await fetchReferrerBundles(request.client, image.repository, image.digest)) {
    const source = `${image.registry}/${image.repository}@${digest}`;
    if (!isSignatureBundle(bundle)) found.push({ source, bundle });
    else if (checkSignatures)
      signatures.push(verifySignatureBundle(source, bundle, image.digest, request.policy, request.roots));
  }
  if (checkSignatures)
    signatures.push(
      ...(await verifySignatureTag(request.client, image.repository, image.digest, request.policy, request.roots)),
    );
  if (request.api) {
    const listed = await listAttestations(request.api, image.digest);
    if (listed.skipped) notes.push(listed.skipped);
    const seen = new Set(found.map((f) => JSON.stringify(f.bundle)));
    for (const bundle of listed.bundles)
      if (!seen.has(JSON.stringify(bundle)))
        found.push({ source: `attestations API (${request.api.repository})`, bundle });
  }
  const attestations = found.map(({ source, bundle }): AttestationVerdict => {
    try {
      const verified = verifyBundle(bundle, request.roots);
      const checks = checkPolicy(request.policy, { ...verified, imageDigest: image.digest });
      return {
        source,
        passed: checks.every((c) => c.passed),
        checks,
        predicateType: verified.statement.predicateType,
        ...(verified.identity.subjectAlternativeName && { signer: verified.identity.subjectAlternativeName }),
      };
    } catch (error) {
      const check = error instanceof BundleVerificationError ? error.check : 'bundle';
      return { source, passed: false, error: { check, message: (error as Error).message }, checks: [] };
    }
  });
  const signed = signatures.some((v) => v.passed);
  const signatureRule = request.policy.signatures === 'required' ? signed : signatures.length === 0 || signed;
  if (request.policy.signatures === 'if-present' && signatures.length === 0)
    notes.push('the image has no cosign signature (signatures: required would refuse it)');
  const verified = attestations.some((a) => a.passed) && signatureRule;
  return {
    image: `${image.registry}/${image.repository}`,
    digest: image.digest,
    verified,
    attestations,
    signatures,
    notes,
  };
}

/** One message that says, per attestation and signature found, each check that failed. */
export function verifyFailureMessage(result: VerifyResult, predicateType: string): string {
  const where = (v: { source: string; error?: { check: string; message: string }; checks: PolicyCheck[] }) =>
    v.error
      ? `- ${v.source}: ${v.error.check}: ${v.error.message}`
      : `- ${v.source}: ${v.checks
          .filter((c) => !c.passed)
          .map((c) => `${c.check}: ${c.message}`)
          .join('; ')}`;
  const image = `${result.image}@${result.digest}`;
  const parts: string[] = [];
  if (result.attestations.length === 0) {
    const searched = result.notes.length ? `; ${result.notes.join('; ')}` : ', and the attestations API';
    parts.push(`no attestation found for ${image} (searched the registry's referrers and sha256-<hex> tag${searched})`);
  } else if (!result.attestations.some((a) => a.passed)) {
    const found = result.attestations.map(where).join('\n');
    parts.push(`no attestation of ${image} satisfies the policy (predicate type ${predicateType}):\n${found}`);
  }
  const signatures = result.signatures ?? [];
  if (signatures.length && !signatures.some((s) => s.passed)) {
    parts.push(`no signature of ${image} satisfies the policy:\n${signatures.map(where).join('\n')}`);
  } else if (!signatures.length && !result.verified && result.attestations.some((a) => a.passed)) {
    parts.push(`no cosign signature found for ${image}, and the policy requires one (signatures: required)`);
  }
  return parts.join('\n');
}
