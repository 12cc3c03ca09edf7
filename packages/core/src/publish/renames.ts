/**
 * Where two steps give one name two meanings, publish renames one of them: meta's `context`
 * (workflow | git) is not the build context, scan's `cache` (the DB cache, true | false) is
 * not build's cache backend, scan's `platforms` (which to scan) is not what to build, and scan's
 * `json` (Trivy reports) is not meta's `json`. One table, read by the step readers here and by
 * scripts/publish-action.mjs, which writes the root action.yml.
 */
export const PUBLISH_RENAMES: Record<string, { inputs: Record<string, string>; outputs: Record<string, string> }> = {
  meta: { inputs: { context: 'meta-context' }, outputs: {} },
  build: { inputs: {}, outputs: {} },
  scan: { inputs: { cache: 'scan-cache', platforms: 'scan-platforms' }, outputs: { json: 'scan-json' } },
  attest: { inputs: {}, outputs: {} },
  sign: { inputs: {}, outputs: { 'bundle-path': 'signature-bundle-path' } },
};

/**
 * Step inputs publish does not offer: what it feeds from an earlier step (build's tags from
 * meta, attest's subjects and SBOM from build and scan, sign's images from build), and attest's verify mode, which
 * belongs before a deployment, not in the publishing job.
 */
export const PUBLISH_FED: Record<string, readonly string[]> = {
  meta: [],
  build: ['tags', 'labels', 'annotations', 'build-args'],
  scan: [],
  attest: [
    'mode',
    'image-refs',
    'subject-name',
    'subject-digest',
    'subject-path',
    'subject-checksums',
    'predicate-type',
    'predicate',
    'predicate-path',
    'sbom-path',
    'image-ref',
    'owner',
    'repo',
    'signer-workflow',
    'signer-repo',
    'cert-identity',
    'cert-identity-regex',
    'cert-oidc-issuer',
    'deny-self-hosted-runners',
    'source-ref',
    'source-digest',
    'signer-digest',
    'no-public-good',
    'trusted-root',
    'signatures',
  ],
  sign: ['image-refs'],
};

/** Step outputs publish does not give: verify's result, from a mode publish does not run. */
export const PUBLISH_HIDDEN_OUTPUTS: Record<string, readonly string[]> = { attest: ['result-path'] };

/** Inputs publish adds of its own: which steps run. */
export const PUBLISH_SWITCHES: Record<string, { description: string; default: string }> = {
  scan: {
    description: 'Run the scan step on the pushed image (Trivy + Syft). fail-on is none unless set.',
    default: 'true',
  },
  attest: {
    description: [
      'Sign build provenance and (after scan) SBOM attestations for the pushed image and push them beside it.',
      'Needs id-token: write and attestations: write.',
    ].join(' '),
    default: 'true',
  },
  sign: {
    description: [
      'Sign the pushed image keyless (cosign verify accepts it) where the job has id-token: write;',
      'without it the step is skipped. false turns it off.',
    ].join(' '),
    default: 'true',
  },
};

/** The name a step's input or output has in publish. */
export function publishName(step: string, kind: 'inputs' | 'outputs', name: string): string {
  return PUBLISH_RENAMES[step]?.[kind][name] ?? name;
}
