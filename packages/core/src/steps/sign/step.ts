import type { StepIO, StepResult } from '../../actions/index.ts';
import {
  actWithoutIdToken,
  requestIdToken,
  sigstoreInstanceForRun,
  signImages,
  type SignatureRecord,
  type SignedImage,
} from '../../attest/index.ts';
import { clientPool, credentialInputs } from '../../registry/index.ts';
import { parseSignInputs, type SignInputs } from './inputs.ts';

/** The sign action's outputs; action.yml declares exactly these. */
export const SIGN_OUTPUTS = ['signature-refs', 'signed-digests', 'bundle-path'] as const;
export type SignOutput = (typeof SIGN_OUTPUTS)[number];

export const ACT_SIGN_NOTICE = 'sign skipped: act provides no OIDC token (ACT=true, no ACTIONS_ID_TOKEN_REQUEST_URL)';

export interface SignStepResult extends StepResult<SignOutput> {
  signatures: SignatureRecord[];
}

/**
 * The sign action: a keyless cosign signature for each image digest (the job's OIDC identity,
 * id-token: write checked before any request), stored beside the image in the form
 * `cosign verify` reads. publish passes the pushed images it built as `images`.
 */
export async function signStep(io: StepIO, images?: SignedImage[]): Promise<SignStepResult> {
  const inputs: SignInputs = parseSignInputs(io.read, io.context.serverUrl, images);
  if (inputs.token) io.mask(inputs.token);
  if (inputs.password) io.mask(inputs.password);
  const outputs: Record<SignOutput, string> = { 'signature-refs': '', 'signed-digests': '', 'bundle-path': '' };
  if (actWithoutIdToken(io.env)) {
    io.notice(ACT_SIGN_NOTICE);
    return {
      outputs,
      exports: {},
      summary: inputs.showSummary ? `# sign\n\nSkipped: ${ACT_SIGN_NOTICE.replace(/^sign skipped: /, '')}.\n` : '',
      signatures: [],
    };
  }
  const { token: identityToken, claims } = await requestIdToken(io.env);
  const instance = await sigstoreInstanceForRun(inputs.sigstore, io.context, claims, inputs.token);
  const credentials = credentialInputs(
    { username: inputs.username, password: inputs.password, token: inputs.token },
    io.context.actor,
  );
  const pool = clientPool(credentials, io.log, io.env);
  const signatures = await signImages({
    images: inputs.images,
    format: inputs.format,
    perPlatform: inputs.perPlatform,
    instance,
    identityToken,
    outDir: io.context.runnerTemp || process.cwd(),
    clientFor: pool.clientFor,
    log: io.info,
  });
  outputs['signature-refs'] = signatures.map((s) => s.reference).join('\n');
  outputs['signed-digests'] = signatures.map((s) => `${s.image}@${s.digest}`).join('\n');
  outputs['bundle-path'] = signatures.map((s) => s.bundlePath).join('\n');
  return {
    outputs,
    exports: {},
    summary: inputs.showSummary ? signSummary(signatures, instance.id, inputs.format) : '',
    signatures,
  };
}

function signSummary(signatures: readonly SignatureRecord[], instance: string, format: string): string {
  const storedAs = format === 'bundle' ? 'bundle referrers' : '`.sig` tags';
  return [
    '### Image signatures',
    '',
    `Signed keyless on the ${instance} Sigstore instance, stored as ${storedAs}.`,
    '',
    '| Image | Signature |',
    '| --- | --- |',
    ...signatures.map((s) => `| \`${s.image}@${s.digest}\` | \`${s.reference}\` |`),
    '',
  ].join('\n');
}
