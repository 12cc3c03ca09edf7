import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
  type BundleBuilderOptions,
  type Witness,
} from '@sigstore/sign';
import type { SigstoreInstance } from './sigstore-instances.ts';
import { IN_TOTO_PAYLOAD_TYPE, type SignableStatement } from './statement.ts';

export interface SignOptions {
  instance: SigstoreInstance;
  /** The job's OIDC token (audience sigstore); Fulcio binds the certificate to it. */
  identityToken: string;
  /** Per-request timeout in ms; sigstore-js retries on its own. */
  timeout?: number;
}

/**
 * A Fulcio signer witnessed by the instance's transparency log and/or timestamp authority.
 * The same code signs on public-good, GitHub's instance, a company's own Sigstore, and the
 * test's local one: only the URLs differ.
 */
function builderOptions(options: SignOptions, entryType?: 'intoto'): BundleBuilderOptions {
  const { instance } = options;
  const fetchOptions = { timeout: options.timeout ?? 30_000, retry: { retries: 2 } };
  const witnesses: Witness[] = [];
  if (instance.rekorUrl) {
    witnesses.push(
      new RekorWitness({ rekorBaseURL: instance.rekorUrl, ...(entryType && { entryType }), ...fetchOptions }),
    );
  }
  if (instance.tsaUrl) witnesses.push(new TSAWitness({ tsaBaseURL: instance.tsaUrl, ...fetchOptions }));
  const signer = new FulcioSigner({
    fulcioBaseURL: instance.fulcioUrl,
    identityProvider: { getToken: async () => options.identityToken },
    ...fetchOptions,
  });
  return { signer, witnesses };
}

/**
 * Signs the statement once as a DSSE envelope and returns the v0.3 bundle JSON.
 * https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto
 */
export async function signStatement(statement: SignableStatement, options: SignOptions): Promise<SerializedBundle> {
  // Rekor entries of kind `intoto` (v0.0.2) carry the whole envelope, so any verifier can
  // check them against the bundle; sigstore-js, cosign and gh all accept that kind.
  const builder = new DSSEBundleBuilder(builderOptions(options, 'intoto'));
  const bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE });
  return bundleToJSON(bundle);
}

/**
 * Signs raw bytes (a message signature, logged as a `hashedrekord` entry): what cosign's
 * `sha256-<hex>.sig` signatures are, over their simple-signing payload.
 */
export async function signMessage(payload: Buffer, options: SignOptions): Promise<SerializedBundle> {
  const builder = new MessageSignatureBundleBuilder(builderOptions(options));
  return bundleToJSON(await builder.create({ data: payload }));
}
