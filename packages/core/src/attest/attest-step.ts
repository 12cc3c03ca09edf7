import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readBoolean, readChoice, splitInputList, type StepIO, type StepResult } from '../actions/index.ts';
import { InputError } from '../errors/index.ts';
import { imageName, parseImageRef } from '../reference/index.ts';
import { clientPool, credentialInputs, headManifest } from '../registry/index.ts';
import { attestSubjects } from './attest-image.ts';
import { predicateFromInputs, subjectsFromInputs } from './inputs.ts';
import { ACT_ATTEST_NOTICE, actWithoutIdToken, requestIdToken } from './oidc-token.ts';
import { actionsIssuer, resolveSigstoreInstance } from './sigstore-instances.ts';
import { attestSummary, verifySummary } from './summary.ts';
import { trustedRoots } from './trusted-roots.ts';
import { parseVerifyPolicy } from './verify-policy.ts';
import { repositoryVisibility } from './attestations-api.ts';
import { verifyFailureMessage, verifyImage } from './verify-image.ts';

/** The attest action's outputs; action.yml declares exactly these. */
export const ATTEST_OUTPUTS = ['bundle-path', 'attestation-id', 'attestation-url', 'referrer-digest', 'result-path'] as const;
export type AttestOutput = (typeof ATTEST_OUTPUTS)[number];

/**
 * The attest action: `mode: attest` signs one statement for every subject (the job's OIDC
 * identity, id-token: write checked first) and stores it in GitHub and beside the image;
 * `mode: verify` finds an image's attestations and checks them against the policy, writing
 * the verdict as JSON before a failure fails the step.
 */
export async function attestStep(io: StepIO): Promise<StepResult<AttestOutput>> {
  const { read, env, context } = io;
  const token = read('github-token');
  if (token) io.mask(token);
  if (read('password')) io.mask(read('password'));
  const pool = clientPool(credentialInputs({ username: read('username'), password: read('password'), token }, context.actor), io, env);
  const mode = readChoice(read, 'mode', ['attest', 'verify'] as const, 'attest');
  const showSummary = readBoolean(read, 'show-summary', true);
  const repository = context.repository.fullName;
  const outputs: Record<AttestOutput, string> = { 'bundle-path': '', 'attestation-id': '', 'attestation-url': '', 'referrer-digest': '', 'result-path': '' };

  if (mode === 'verify') {
    const policy = parseVerifyPolicy({
      owner: read('owner'), repo: read('repo'), 'signer-workflow': read('signer-workflow'), 'signer-repo': read('signer-repo'),
      'cert-identity': read('cert-identity'), 'cert-identity-regex': read('cert-identity-regex'), 'cert-oidc-issuer': read('cert-oidc-issuer'),
      'predicate-type': read('predicate-type'), 'source-ref': read('source-ref'), 'source-digest': read('source-digest'), 'signer-digest': read('signer-digest'),
      'deny-self-hosted-runners': readBoolean(read, 'deny-self-hosted-runners', false),
      'no-public-good': readBoolean(read, 'no-public-good', false),
      serverUrl: context.serverUrl,
      defaultIssuer: actionsIssuer(context.serverUrl),
    });
    const roots = await trustedRoots(read('trusted-root'), policy.noPublicGood);
    const raw = read('image-ref') || (read('subject-name') && `${read('subject-name')}@${read('subject-digest')}`);
    if (!raw) throw new InputError('image-ref', '', 'verify needs the image', 'Set image-ref (name:tag or name@sha256:<hex>), or subject-name with subject-digest.');
    const ref = parseImageRef(raw, { input: read('image-ref') ? 'image-ref' : 'subject-name' });
    const client = pool.clientFor(ref.registry);
    // A tag is resolved first: the digest it names now is what gets verified.
    const digest = ref.digest ?? (await headManifest(client, ref.repository, ref.tag ?? 'latest'))?.digest;
    if (!digest) throw new InputError('image-ref', raw, 'the tag does not exist in the registry', 'Check the name and tag.');
    const [owner, name] = (policy.repo ?? repository).split('/');
    const result = await verifyImage({
      image: { registry: ref.registry, repository: ref.repository, digest }, policy, roots, client,
      ...(token && owner && name && { api: { apiUrl: context.apiUrl, token, repository: `${owner}/${name}` } }),
    });
    outputs['result-path'] = join(env.RUNNER_TEMP || process.cwd(), 'ghcr-kit-verify-result.json');
    await writeFile(outputs['result-path'], JSON.stringify(result, null, 2));
    if (result.verified) io.info(`verified ${imageName(ref)}@${digest}: ${result.attestations.filter((a) => a.passed).length} attestation(s) satisfy the policy`);
    return {
      outputs,
      exports: {},
      summary: showSummary ? verifySummary(result) : '',
      ...(!result.verified && { failure: verifyFailureMessage(result, policy.predicateType) }),
    };
  }

  if (actWithoutIdToken(env)) {
    io.notice(ACT_ATTEST_NOTICE);
    return { outputs, exports: {}, summary: showSummary ? `# attest\n\nSkipped: ${ACT_ATTEST_NOTICE.replace(/^attest skipped: /, '')}.\n` : '' };
  }
  // id-token: write is checked before anything else runs.
  const { token: identityToken, claims } = await requestIdToken(env);
  const pushToRegistry = readBoolean(read, 'push-to-registry', false);
  const subjects = await subjectsFromInputs({
    imageRefs: splitInputList(read('image-refs')), subjectName: read('subject-name'), subjectDigest: read('subject-digest'),
    subjectPaths: splitInputList(read('subject-path')), subjectChecksums: read('subject-checksums'), pushToRegistry,
  });
  const { predicate, source } = await predicateFromInputs({ sbomPath: read('sbom-path'), predicateType: read('predicate-type'), predicate: read('predicate'), predicatePath: read('predicate-path') }, claims, env);
  const choice = readChoice(read, 'sigstore', ['auto', 'public-good', 'github', 'custom'] as const, 'auto');
  const payloadVisibility = (context.payload.repository as { visibility?: string } | undefined)?.visibility;
  const visibility = choice !== 'auto' ? undefined : (payloadVisibility ?? claims.repository_visibility ?? (token ? await repositoryVisibility({ apiUrl: context.apiUrl, token, repository }) : undefined));
  const instance = resolveSigstoreInstance({ choice, serverUrl: context.serverUrl, ...(visibility && { visibility }), fulcioUrl: read('fulcio-url'), rekorUrl: read('rekor-url'), tsaUrl: read('tsa-url') });
  const result = await attestSubjects({
    subjects, predicate, predicateSource: source, instance, identityToken, pushToRegistry, perPlatform: readBoolean(read, 'per-platform', false),
    outDir: env.RUNNER_TEMP || process.cwd(), clientFor: pool.clientFor, log: io.info, warn: io.warning,
    ...(token && { api: { apiUrl: context.apiUrl, serverUrl: context.serverUrl, token, repository } }),
  });
  outputs['bundle-path'] = result.attestations.map((a) => a.bundlePath).join('\n');
  outputs['attestation-id'] = result.attestations.map((a) => a.attestationId ?? '').join('\n');
  outputs['attestation-url'] = result.attestations.map((a) => a.attestationUrl ?? '').join('\n');
  outputs['referrer-digest'] = [...new Set(result.attestations.flatMap((a) => a.referrers))].join('\n');
  return { outputs, exports: {}, summary: showSummary ? attestSummary(result, instance.id) : '' };
}
