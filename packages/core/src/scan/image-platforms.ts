import { getManifest, imageIndexSchema, INDEX_TYPES, type RegistryClient } from '../registry/index.ts';

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
  const json: unknown = JSON.parse(new TextDecoder().decode(manifest.bytes));
  const index = imageIndexSchema.safeParse(json);
  const isIndex = INDEX_TYPES.includes(manifest.mediaType) || index.success;
  if (!isIndex) return { digest: manifest.digest, images: [{ platform: '', digest: manifest.digest }] };
  if (!index.success) {
    const issue = index.error.issues[0];
    throw new Error(`${repository}@${manifest.digest} is an image index that does not parse: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const images = index.data.manifests
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
