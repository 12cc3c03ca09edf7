import type { RegistryClient } from './client.ts';
import { readCapped } from './digest.ts';
import { getManifest, MANIFEST_SIZE_LIMIT, putManifest } from './manifests.ts';
import { OCI_INDEX } from './media-types.ts';
import { RegistryError } from './registry-error.ts';
import { imageIndexSchema, type Descriptor } from './schemas.ts';

// Referrers: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers
// and the fallback for registries without the API (distribution 2.8, GHCR):
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#referrers-tag-schema

export interface Referrers {
  descriptors: Descriptor[];
  /** `api` when the registry answered the referrers endpoint, `tag` when we read `sha256-<hex>`. */
  source: 'api' | 'tag';
}

/** The fallback tag for a subject digest: `sha256:abc…` → `sha256-abc…`. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

/** Manifests whose `subject` is `digest`, optionally only those of one artifactType. */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  digest: string,
  artifactType?: string,
): Promise<Referrers> {
  const response = await client.send({
    method: 'GET',
    repository,
    reference: digest,
    path: `referrers/${digest}`,
    ...(artifactType && { query: { artifactType } }),
    headers: { accept: OCI_INDEX },
    allow: [404],
    action: 'list referrers',
  });
  if (response.status !== 404) {
    const bytes = await readCapped(response, MANIFEST_SIZE_LIMIT);
    if (bytes === 'too-large')
      throw new RegistryError(
        client.registry,
        repository,
        digest,
        response.status,
        'the referrers index is larger than 4 MiB',
      );
    const index = parseIndex(client, repository, digest, bytes);
    // A registry that did not apply the filter says so with OCI-Filters-Applied; filter here either way.
    return { descriptors: filter(index.manifests, artifactType), source: 'api' };
  }
  await response.body?.cancel();
  const fallback = await readReferrersTag(client, repository, digest);
  return { descriptors: filter(fallback?.manifests ?? [], artifactType), source: 'tag' };
}

/**
 * Adds a referrer to the fallback tag index, as a client must when the registry did not
 * process `subject` itself (no OCI-Subject header on the PUT). Idempotent.
 */
export async function addToReferrersTag(
  client: RegistryClient,
  repository: string,
  subject: string,
  referrer: Descriptor,
): Promise<void> {
  const current = await readReferrersTag(client, repository, subject);
  const manifests = current?.manifests ?? [];
  if (manifests.some((d) => d.digest === referrer.digest)) return;
  const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...manifests, referrer] };
  await putManifest(client, repository, referrersTag(subject), Buffer.from(JSON.stringify(index)), OCI_INDEX);
}

async function readReferrersTag(client: RegistryClient, repository: string, digest: string) {
  try {
    const manifest = await getManifest(client, repository, referrersTag(digest));
    return parseIndex(client, repository, digest, manifest.bytes);
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) return undefined;
    throw error;
  }
}

function parseIndex(client: RegistryClient, repository: string, digest: string, bytes: Uint8Array) {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = imageIndexSchema.safeParse(json);
  if (!parsed.success)
    throw new RegistryError(client.registry, repository, digest, 0, 'the referrers answer is not an image index');
  return parsed.data;
}

function filter(descriptors: Descriptor[], artifactType: string | undefined): Descriptor[] {
  return artifactType ? descriptors.filter((d) => d.artifactType === artifactType) : descriptors;
}
