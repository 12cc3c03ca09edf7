import { platformEntries, platformKey, readManifestNode, type RegistryClient } from '../registry/index.ts';

export interface PlatformImage {
  /** `linux/arm/v7`. */
  platform: string;
  digest: string;
}

/**
 * The platform images behind a reference: each child of an index (attestation manifests and
 * `unknown/unknown` entries left out), or the one image itself (platform from its config is
 * not read; '' stands for "the only one").
 */
export async function imagePlatforms(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<{ digest: string; images: PlatformImage[] }> {
  const node = await readManifestNode(client, repository, reference);
  if (!node.entries) return { digest: node.digest, images: [{ platform: '', digest: node.digest }] };
  const images = platformEntries(node).map(({ platform, digest }) => ({ platform: platformKey(platform), digest }));
  return { digest: node.digest, images };
}

/** Keeps the platforms asked for (`platforms` input; empty: all). Names what is missing. */
export function selectPlatforms(images: PlatformImage[], wanted: readonly string[], ref: string): PlatformImage[] {
  if (wanted.length === 0) return images;
  const missing = wanted.filter((w) => !images.some((i) => i.platform === w));
  if (missing.length) {
    const present = images.map((i) => i.platform || 'one unnamed platform').join(', ');
    throw new Error(`${ref} has no ${missing.join(', ')} image (it has ${present})`);
  }
  return images.filter((i) => wanted.includes(i.platform));
}
