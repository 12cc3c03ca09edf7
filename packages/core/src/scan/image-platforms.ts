import { getManifest, INDEX_TYPES, type RegistryClient } from '../registry/index.ts';

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
export async function imagePlatforms(client: RegistryClient, repository: string, reference: string): Promise<{ digest: string; images: PlatformImage[] }> {
  const manifest = await getManifest(client, repository, reference);
  const json = JSON.parse(new TextDecoder().decode(manifest.bytes)) as { mediaType?: string; manifests?: Array<{ digest: string; platform?: { os: string; architecture: string; variant?: string } }> };
  const isIndex = INDEX_TYPES.includes(manifest.mediaType) || INDEX_TYPES.includes(json.mediaType ?? '') || Array.isArray(json.manifests);
  if (!isIndex) return { digest: manifest.digest, images: [{ platform: '', digest: manifest.digest }] };
  const images = (json.manifests ?? [])
    .filter((d) => d.platform && d.platform.os !== 'unknown' && d.platform.architecture !== 'unknown')
    .map((d) => ({ platform: [d.platform!.os, d.platform!.architecture, d.platform!.variant].filter(Boolean).join('/'), digest: d.digest }));
  return { digest: manifest.digest, images };
}

/** Keeps the platforms asked for (`platforms` input; empty: all). Names what is missing. */
export function selectPlatforms(images: PlatformImage[], wanted: readonly string[], ref: string): PlatformImage[] {
  if (wanted.length === 0) return images;
  const missing = wanted.filter((w) => !images.some((i) => i.platform === w));
  if (missing.length) throw new Error(`${ref} has no ${missing.join(', ')} image (it has ${images.map((i) => i.platform || 'one unnamed platform').join(', ')})`);
  return images.filter((i) => wanted.includes(i.platform));
}
