export {
  MAX_SUBJECTS,
  parseDigest,
  subjectsFromImageRefs,
  subjectFromNameAndDigest,
  subjectsFromChecksums,
  finalizeSubjects,
  registryDigest,
  type Subject,
} from './subjects.ts';
export { subjectsFromPaths } from './subject-files.ts';
export { actionsClaimsSchema, decodeActionsClaims, type ActionsClaims } from './oidc-claims.ts';
export { SLSA_PROVENANCE_V1, GITHUB_WORKFLOW_BUILD_TYPE, buildProvenance, claimDisagreements } from './provenance.ts';
export { MAX_PREDICATE_BYTES, customPredicate, checkPredicateSize, type Predicate } from './predicate.ts';
export { CYCLONEDX_PREDICATE, sbomPredicate } from './sbom.ts';
export {
  IN_TOTO_STATEMENT_V1,
  IN_TOTO_PAYLOAD_TYPE,
  buildStatement,
  type Statement,
  type SignableStatement,
} from './statement.ts';
export {
  resolveSigstoreInstance,
  gheTenant,
  actionsIssuer,
  type SigstoreChoice,
  type SigstoreInstance,
  type InstanceOptions,
} from './sigstore-instances.ts';
export { certificateIdentity, type CertificateIdentity, type SignerOid } from './certificate-identity.ts';
export {
  parseVerifyPolicy,
  checkPolicy,
  checkSigner,
  SIGNATURE_RULES,
  type SignatureRule,
  type VerifyPolicy,
  type VerifyPolicyInputs,
  type PolicyCheck,
  type AttestationFacts,
} from './verify-policy.ts';
export { ACT_ATTEST_NOTICE, actWithoutIdToken, requestIdToken, MissingPermissionError } from './oidc-token.ts';
export { signStatement, signMessage, type SignOptions } from './sign.ts';
export {
  verifyBundle,
  verifySigned,
  rootRequirements,
  BundleVerificationError,
  type TrustedRootSource,
  type VerifiedBundle,
} from './verify-bundle.ts';
export {
  storeAttestation,
  listAttestations,
  repositoryVisibility,
  attestationUrl,
  type AttestationsApiOptions,
} from './attestations-api.ts';
export { bundleArtifact, SIGSTORE_BUNDLE_V03, EMPTY_CONFIG, type BundleArtifact } from './referrer-artifact.ts';
export { pushBundleReferrer, fetchReferrerBundles } from './registry-storage.ts';
export { attestSubjects, type AttestRequest, type AttestResult, type AttestationRecord } from './attest-image.ts';
export {
  verifyImage,
  verifyFailureMessage,
  type VerifyRequest,
  type VerifyResult,
  type AttestationVerdict,
} from './verify-image.ts';
export { attestSummary, verifySummary } from './summary.ts';
export {
  subjectsFromInputs,
  predicateFromInputs,
  readPredicate,
  predicateFor,
  type SubjectInputs,
  type PredicateInputs,
  type PredicateChoice,
} from './inputs.ts';
export { pinnedPublicGoodRoot, trustedRoots } from './trusted-roots.ts';
export {
  signImages,
  cosignSignStatement,
  COSIGN_SIGN_PREDICATE,
  SIGNATURE_FORMATS,
  type SignatureFormat,
  type SignRequest,
  type SignatureRecord,
  type SignedImage,
} from './sign-image.ts';
export {
  signatureTag,
  simpleSigningPayload,
  payloadDigest,
  cosignAnnotations,
  bundleFromCosignLayer,
  signatureManifest,
  signatureLayer,
} from './simple-signing.ts';
export { pushSignatureTag, fetchSignatureTag } from './signature-storage.ts';
export { checkSigstoreInputs, sigstoreInstanceForRun, type SigstoreInputs } from './run-instance.ts';
export {
  isSignatureBundle,
  verifySignatureBundle,
  verifySignatureTag,
  type SignatureVerdict,
} from './verify-signature.ts';
