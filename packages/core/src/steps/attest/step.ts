import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StepIO, StepResult } from '../../actions/index.ts';
import {
  ACT_ATTEST_NOTICE,
  actWithoutIdToken,
  attestSubjects,
  attestSummary,
  predicateFor,
  requestIdToken,
  sigstoreInstanceForRun,
  verifyFailureMessage,
  verifyImage,
  verifySummary,
  type AttestResult,
} from '../../attest/index.ts';
import { InputError } from '../../errors/index.ts';
import { formatImageRef, imageName } from '../../reference/index.ts';
import { clientPool, credentialInputs, headManifest } from '../../registry/index.ts';
import { parseAttestInputs, type AttestFed, type VerifyModeInputs } from './inputs.ts';

/** The attest action's outputs; action.yml declares exactly these. */
export const ATTEST_OUTPUTS = [
  'bundle-path',
  'attestation-id',
  'attestation-url',
  'referrer-digest',
  'result-path',
] as const;
export type AttestOutput = (typeof ATTEST_OUTPUTS)[number];

export interface AttestStepResult extends StepResult<AttestOutput> {
  /** What was attested; undefined in verify mode or when skipped under act. */
  attested?: AttestResult;
}

const emptyOutputs = (): Record<AttestOutput, string> => ({
  'bundle-path': '',
  'attestation-id': '',
  'attestation-url': '',
  'referrer-digest': '',
  'result-path': '',
});

/**
 * The attest action: `mode: attest` signs one statement for every subject (the job's OIDC
 * identity, id-token: write checked once every input is) and stores it in GitHub and beside
 * the image; `mode: verify` finds an image's attestations and checks them against the policy,
 * writing the verdict as JSON before a failure fails the step. publish passes `fed`.
 */
export async function attestStep(io: StepIO, fed?: AttestFed): Promise<AttestStepResult> {
  const inputs = await parseAttestInputs(io.read, io.context, fed);
  if (inputs.token) io.mask(inputs.token);
  if (inputs.password) io.mask(inputs.password);
  const credentials = credentialInputs(
    { username: inputs.username, password: inputs.password, token: inputs.token },
    io.context.actor,
  );
  const pool = clientPool(credentials, io.log, io.env);
  if (inputs.mode === 'verify') return verifyMode(io, inputs, pool.clientFor);

  const outputs = emptyOutputs();
  if (actWithoutIdToken(io.env)) {
    io.notice(ACT_ATTEST_NOTICE);
    const skipped = `# attest\n\nSkipped: ${ACT_ATTEST_NOTICE.replace(/^attest skipped: /, '')}.\n`;
    return { outputs, exports: {}, summary: inputs.showSummary ? skipped : '' };
  }
  const { token: identityToken, claims } = await requestIdToken(io.env);
  const { predicate, source } = predicateFor(inputs.predicate, claims, io.env);
  const instance = await sigstoreInstanceForRun(inputs.sigstore, io.context, claims, inputs.token);
  const repository = io.context.repository.fullName;
  const { apiUrl, serverUrl } = io.context;
  const result = await attestSubjects({
    subjects: inputs.subjects,
    predicate,
    predicateSource: source,
    instance,
    identityToken,
    pushToRegistry: inputs.pushToRegistry,
    perPlatform: inputs.perPlatform,
    outDir: io.context.runnerTemp || process.cwd(),
    clientFor: pool.clientFor,
    log: io.info,
    warn: io.warning,
    ...(inputs.token && { api: { apiUrl, serverUrl, token: inputs.token, repository } }),
  });
  outputs['bundle-path'] = result.attestations.map((a) => a.bundlePath).join('\n');
  outputs['attestation-id'] = result.attestations.map((a) => a.attestationId ?? '').join('\n');
  outputs['attestation-url'] = result.attestations.map((a) => a.attestationUrl ?? '').join('\n');
  outputs['referrer-digest'] = [...new Set(result.attestations.flatMap((a) => a.referrers))].join('\n');
  return {
    outputs,
    exports: {},
    summary: inputs.showSummary ? attestSummary(result, instance.id) : '',
    attested: result,
  };
}

async function verifyMode(
  io: StepIO,
  inputs: VerifyModeInputs,
  clientFor: ReturnType<typeof clientPool>['clientFor'],
): Promise<AttestStepResult> {
  const { image: ref, policy } = inputs;
  const client = clientFor(ref.registry);
  // A tag is resolved first: the digest it names now is what gets verified.
  const digest = ref.digest ?? (await headManifest(client, ref.repository, ref.tag ?? 'latest'))?.digest;
  if (!digest)
    throw new InputError(
      inputs.imageInput,
      formatImageRef(ref),
      'the tag does not exist in the registry',
      'Check the name and tag.',
    );
  const [owner, name] = (policy.repo ?? io.context.repository.fullName).split('/');
  const result = await verifyImage({
    image: { registry: ref.registry, repository: ref.repository, digest },
    policy,
    roots: inputs.roots,
    client,
    ...(inputs.token &&
      owner &&
      name && { api: { apiUrl: io.context.apiUrl, token: inputs.token, repository: `${owner}/${name}` } }),
  });
  const outputs = emptyOutputs();
  outputs['result-path'] = join(io.context.runnerTemp || process.cwd(), 'ghcr-kit-verify-result.json');
  await writeFile(outputs['result-path'], JSON.stringify(result, null, 2));
  if (result.verified) {
    const signed = (result.signatures ?? []).filter((v) => v.passed).length;
    io.info(
      `verified ${imageName(ref)}@${digest}: ${result.attestations.filter((a) => a.passed).length} attestation(s) ` +
        `and ${signed} signature(s) satisfy the policy`,
    );
  }
  return {
    outputs,
    exports: {},
    summary: inputs.showSummary ? verifySummary(result) : '',
    ...(!result.verified && { failure: verifyFailureMessage(result, policy.predicateType) }),
  };
}
