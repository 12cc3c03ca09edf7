import {
  addToReferrersTag,
  getManifest,
  headManifest,
  listReferrers,
  putManifest,
  readBlob,
  uploadBlob,
  imageManifestSchema,
  OCI_MANIFEST,
  RegistryError,
  type RegistryClient,
} from '../registry/index.ts';
import { MissingPermissionError } from './oidc-token.ts';
import { bundleArtifact, SIGSTORE_BUNDLE_V03 } from './referrer-artifact.ts';

/** Registry 401/403 while pushing: the job's token lacks the scope, or the package is not linked. */
export function permission(error: unknown, where: string, what = 'the attestation'): never {
  if (error instanceof RegistryError && (error.status === 401 || error.status === 403)) {
    throw new MissingPermissionError(
      `pushing ${what} to ${where} was refused: add \`permissions: packages: write\` to the job, ` +
        `or link the package to this repository (package settings → Manage Actions access). ${error.message}`,
    );
  }
  throw error;
}

/**
 * Pushes a bundle as a referrer of `subjectDigest` in `repository`, and lists it in the
 * `sha256-<hex>` tag index when the registry did not take `subject` itself (no OCI-Subject
 * header: distribution 2.8, GHCR). Returns the artifact's digest.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests-with-subject
 */
export async function pushBundleReferrer(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  bundle: Buffer,
  predicateType: string,
): Promise<string> {
  const where = `${client.registry}/${repository}`;
  try {
    const subject = await headManifest(client, repository, subjectDigest);
    if (!subject)
      throw new RegistryError(
        client.registry,
        repository,
        subjectDigest,
        404,
        'the attested image is not in this repository; push it before attesting',
      );
    const artifact = bundleArtifact(
      bundle,
      { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      predicateType,
    );
    for (const blob of artifact.blobs) await uploadBlob(client, repository, blob);
    const put = await putManifest(client, repository, artifact.digest, artifact.manifest, OCI_MANIFEST);
    if (put.subject !== subjectDigest) await addToReferrersTag(client, repository, subjectDigest, artifact.descriptor);
    return artifact.digest;
  } catch (error) {
    return permission(error, where);
  }
}

/** The bundles attached to a digest, through the referrers API or the tag schema. */
export async function fetchReferrerBundles(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
): Promise<Array<{ digest: string; bundle: unknown }>> {
  const { descriptors } = await listReferrers(client, repository, subjectDigest, SIGSTORE_BUNDLE_V03);
  const found: Array<{ digest: string; bundle: unknown }> = [];
  for (const descriptor of descriptors) {
    const manifest = imageManifestSchema.safeParse(
      JSON.parse(Buffer.from((await getManifest(client, repository, descriptor.digest)).bytes).toString('utf8')),
    );
    if (!manifest.success) continue;
    const layer = manifest.data.layers.find((l) => l.mediaType === SIGSTORE_BUNDLE_V03);
    if (!layer) continue;
    const bytes = await readBlob(client, repository, layer.digest, 32 * 1024 * 1024);
    try {
      found.push({ digest: descriptor.digest, bundle: JSON.parse(Buffer.from(bytes).toString('utf8')) });
    } catch {
      // a layer that is not JSON is not a bundle; verification reports what it found
    }
  }
  return found;
}
