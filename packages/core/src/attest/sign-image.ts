import { writeBundleFile } from './bundle-file.ts';
import { pushBundleReferrer } from './registry-storage.ts';
import { signMessage, signStatement } from './sign.ts';
import { pushSignatureTag } from './signature-storage.ts';
import type { SigstoreInstance } from './sigstore-instances.ts';
import { cosignAnnotations, signatureLayer, signatureTag, simpleSigningPayload } from './simple-signing.ts';
import { IN_TOTO_STATEMENT_V1, type SignableStatement } from './statement.ts';
import { platformEntries, readManifestNode, type RegistryClient } from '../registry/index.ts';

/**
 * The two storage forms cosign verifies: `bundle`, a Sigstore bundle as an OCI 1.1 referrer
 * (cosign ≥ 2.6 `--new-bundle-format`, the default of cosign 3), and `sig-tag`, the
 * simple-signing payload in the `sha256-<hex>.sig` tag every cosign version reads.
 */
export const SIGNATURE_FORMATS = ['bundle', 'sig-tag'] as const;
export type SignatureFormat = (typeof SIGNATURE_FORMATS)[number];

/** The predicate type of cosign's bundle-form image signature (cosign's pkg/types). */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';

export interface SignedImage {
  registry: string;
  repository: string;
  digest: string;
}

export interface SignRequest {
  images: SignedImage[];
  format: SignatureFormat;
  /** Also sign each platform manifest of a signed index. */
  perPlatform: boolean;
  instance: SigstoreInstance;
  identityToken: string;
  /** Where bundles are written (RUNNER_TEMP). */
  outDir: string;
  clientFor: (registry: string) => RegistryClient;
  log: (message: string) => void;
}

export interface SignatureRecord {
  image: string;
  digest: string;
  /** Where the signature is: the referrer's digest (bundle) or the `.sig` tag (sig-tag). */
  reference: string;
  bundlePath: string;
}

/**
 * cosign's statement for the bundle form: the digest alone as subject, the sign predicate
 * type and no predicate, as `cosign sign --new-bundle-format` writes it.
 */
export function cosignSignStatement(digest: string): SignableStatement {
  const [algorithm, hex] = digest.split(':') as [string, string];
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ digest: { [algorithm]: hex } }],
    predicateType: COSIGN_SIGN_PREDICATE,
  };
}

/** Signs each image digest once (and its platform manifests with perPlatform), keyless. */
export async function signImages(request: SignRequest): Promise<SignatureRecord[]> {
  const targets: SignedImage[] = [];
  for (const image of request.images) {
    targets.push(image);
    if (!request.perPlatform) continue;
    const node = await readManifestNode(request.clientFor(image.registry), image.repository, image.digest);
    for (const child of platformEntries(node)) targets.push({ ...image, digest: child.digest });
  }
  const seen = new Set<string>();
  const records: SignatureRecord[] = [];
  for (const target of targets) {
    const key = `${target.registry}/${target.repository}@${target.digest}`;
    if (seen.has(key)) continue;
    seen.add(key);
    records.push(await signOne(request, target));
  }
  return records;
}

async function signOne(request: SignRequest, target: SignedImage): Promise<SignatureRecord> {
  const image = `${target.registry}/${target.repository}`;
  const client = request.clientFor(target.registry);
  const options = { instance: request.instance, identityToken: request.identityToken };
  let reference: string;
  let bytes: Buffer;
  if (request.format === 'bundle') {
    bytes = Buffer.from(JSON.stringify(await signStatement(cosignSignStatement(target.digest), options)));
    const referrer = await pushBundleReferrer(client, target.repository, target.digest, bytes, COSIGN_SIGN_PREDICATE);
    reference = `${image}@${referrer}`;
  } else {
    const payload = simpleSigningPayload(image, target.digest);
    const bundle = await signMessage(payload, options);
    bytes = Buffer.from(JSON.stringify(bundle));
    await pushSignatureTag(
      client,
      target.repository,
      target.digest,
      payload,
      signatureLayer(payload, cosignAnnotations(bundle)),
    );
    reference = `${image}:${signatureTag(target.digest)}`;
  }
  const bundlePath = await writeBundleFile(request.outDir, 'ghcr-kit-signatures', bytes);
  request.log(`signed ${image}@${target.digest} on ${request.instance.id} Sigstore; signature: ${reference}`);
  return { image, digest: target.digest, reference, bundlePath };
}
