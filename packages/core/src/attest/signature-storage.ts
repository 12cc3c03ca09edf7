import {
  getManifest,
  headManifest,
  imageManifestSchema,
  putManifest,
  readBlob,
  uploadBlob,
  OCI_MANIFEST,
  RegistryError,
  type Descriptor,
  type RegistryClient,
} from '../registry/index.ts';
import { permission } from './registry-storage.ts';
import { signatureManifest, signatureTag, SIMPLE_SIGNING_MEDIA_TYPE } from './simple-signing.ts';

/** The layers of the `sha256-<hex>.sig` manifest, [] when the digest has none. */
async function signatureLayers(client: RegistryClient, repository: string, digest: string): Promise<Descriptor[]> {
  const tag = signatureTag(digest);
  if (!(await headManifest(client, repository, tag))) return [];
  const manifest = await getManifest(client, repository, tag);
  const parsed = imageManifestSchema.safeParse(JSON.parse(Buffer.from(manifest.bytes).toString('utf8')));
  return parsed.success ? parsed.data.layers.filter((l) => l.mediaType === SIMPLE_SIGNING_MEDIA_TYPE) : [];
}

/**
 * Adds one signature layer to the digest's `.sig` manifest (created on the first signature)
 * and returns the manifest's digest. The signed image must be in the repository already.
 */
export async function pushSignatureTag(
  client: RegistryClient,
  repository: string,
  digest: string,
  payload: Buffer,
  layer: Descriptor,
): Promise<string> {
  try {
    if (!(await headManifest(client, repository, digest))) {
      throw new RegistryError(
        client.registry,
        repository,
        digest,
        404,
        'the signed image is not in this repository; push it before signing',
      );
    }
    const sig = signatureManifest([...(await signatureLayers(client, repository, digest)), layer]);
    await uploadBlob(client, repository, payload);
    await uploadBlob(client, repository, sig.config);
    await putManifest(client, repository, signatureTag(digest), sig.manifest, OCI_MANIFEST);
    return sig.digest;
  } catch (error) {
    return permission(error, `${client.registry}/${repository}`, 'the signature');
  }
}

/** Every signature of the `.sig` tag with its payload, as a verifier reads them. */
export async function fetchSignatureTag(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<Array<{ layer: Descriptor; payload: Buffer }>> {
  const found: Array<{ layer: Descriptor; payload: Buffer }> = [];
  for (const layer of await signatureLayers(client, repository, digest)) {
    found.push({ layer, payload: Buffer.from(await readBlob(client, repository, layer.digest, 64 * 1024)) });
  }
  return found;
}
