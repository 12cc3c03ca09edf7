import { listAttestations } from './attestations-api.ts';
import { fetchReferrerBundles } from './registry-storage.ts';
import { BundleVerificationError, verifyBundle, type TrustedRootSource } from './verify-bundle.ts';
import { checkPolicy, type PolicyCheck, type VerifyPolicy } from './verify-policy.ts';
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
  notes: string[];
}

/**
 * Finds the image's attestations in its repository (referrers API, then the tag schema) and
 * through the attestations API when the token can read it, verifies each, and passes when at
 * least one satisfies every check of the policy.
 */
export async function verifyImage(request: VerifyRequest): Promise<VerifyResult> {
  const { image } = request;
  const notes: string[] = [];
  const found: Array<{ source: string; bundle: unknown }> = [];
  for (const { digest, bundle } of await fetchReferrerBundles(request.client, image.repository, image.digest)) {
    found.push({ source: `${image.registry}/${image.repository}@${digest}`, bundle });
  }
  if (request.api) {
    const listed = await listAttestations(request.api, image.digest);
    if (listed.skipped) notes.push(listed.skipped);
    const seen = new Set(found.map((f) => JSON.stringify(f.bundle)));
    for (const bundle of listed.bundles) if (!seen.has(JSON.stringify(bundle))) found.push({ source: `attestations API (${request.api.repository})`, bundle });
  }
  const attestations = found.map(({ source, bundle }): AttestationVerdict => {
    try {
      const verified = verifyBundle(bundle, request.roots);
      const checks = checkPolicy(request.policy, { ...verified, imageDigest: image.digest });
      return { source, passed: checks.every((c) => c.passed), checks, predicateType: verified.statement.predicateType, ...(verified.identity.subjectAlternativeName && { signer: verified.identity.subjectAlternativeName }) };
    } catch (error) {
      const check = error instanceof BundleVerificationError ? error.check : 'bundle';
      return { source, passed: false, error: { check, message: (error as Error).message }, checks: [] };
    }
  });
  return { image: `${image.registry}/${image.repository}`, digest: image.digest, verified: attestations.some((a) => a.passed), attestations, notes };
}

/** One message that says, per attestation found, each check that failed. */
export function verifyFailureMessage(result: VerifyResult, predicateType: string): string {
  if (result.attestations.length === 0) {
    return `no attestation found for ${result.image}@${result.digest} (searched the registry's referrers and sha256-<hex> tag${result.notes.length ? `; ${result.notes.join('; ')}` : ', and the attestations API'})`;
  }
  const lines = result.attestations.map((a) => {
    if (a.error) return `- ${a.source}: ${a.error.check}: ${a.error.message}`;
    return `- ${a.source}: ${a.checks.filter((c) => !c.passed).map((c) => `${c.check}: ${c.message}`).join('; ')}`;
  });
  return `no attestation of ${result.image}@${result.digest} satisfies the policy (predicate type ${predicateType}):\n${lines.join('\n')}`;
}
