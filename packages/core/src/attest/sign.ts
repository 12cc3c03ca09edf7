import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign';
import type { SigstoreInstance } from './sigstore-instances.ts';
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from './statement.ts';

export interface SignOptions {
  instance: SigstoreInstance;
  /** The job's OIDC token (audience sigstore); Fulcio binds the certificate to it. */
  identityToken: string;
  /** Per-request timeout in ms; sigstore-js retries on its own. */
  timeout?: number;
}

/**
 * Signs the statement once as a DSSE envelope with a Fulcio certificate, witnessed by the
 * instance's transparency log and/or timestamp authority, and returns the v0.3 bundle JSON.
 * The same code signs on public-good, GitHub's instance, a company's own Sigstore, and the
 * test's local one: only the URLs differ.
 * https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto
 */
export async function signStatement(statement: Statement, options: SignOptions): Promise<SerializedBundle> {
  const { instance } = options;
  const fetchOptions = { timeout: options.timeout ?? 30_000, retry: { retries: 2 } };
  const witnesses: Witness[] = [];
  // Rekor entries of kind `intoto` (v0.0.2) carry the whole envelope, so any verifier can
  // check them against the bundle; sigstore-js, cosign and gh all accept that kind.
  if (instance.rekorUrl) witnesses.push(new RekorWitness({ rekorBaseURL: instance.rekorUrl, entryType: 'intoto', ...fetchOptions }));
  if (instance.tsaUrl) witnesses.push(new TSAWitness({ tsaBaseURL: instance.tsaUrl, ...fetchOptions }));
  const signer = new FulcioSigner({
    fulcioBaseURL: instance.fulcioUrl,
    identityProvider: { getToken: async () => options.identityToken },
    ...fetchOptions,
  });
  const builder = new DSSEBundleBuilder({ signer, witnesses });
  const bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE });
  return bundleToJSON(bundle);
}
