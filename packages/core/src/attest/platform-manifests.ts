import { classifyDescriptor, getManifest, parseManifest, type RegistryClient } from '../registry/index.ts';

/**
 * The platform image manifests of an index (not its attestation manifests, nor buildx's
 * `unknown/unknown` entries), or undefined when the digest names a single image.
 */
export async function platformManifests(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<string[] | undefined> {
  const manifest = await getManifest(client, repository, digest);
  const parsed = parseManifest(manifest.mediaType, manifest.bytes);
  if (parsed?.kind !== 'index') return undefined;
  return parsed.index.manifests
    .filter((child) => classifyDescriptor(child) === 'image' && child.platform?.os !== 'unknown')
    .map((child) => child.digest);
}
