import type { RegistryClient } from './client.ts';
import { readCapped, sha256Digest, isVerifiable } from './digest.ts';
import { MANIFEST_ACCEPT } from './media-types.ts';
import { RegistryError } from './registry-error.ts';

/**
 * Registries may refuse manifests above 4 MiB, and GHCR and distribution do; the OCI spec
 * sets that as the least a registry must accept, so nothing bigger is a sane manifest.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests
 */
export const MANIFEST_SIZE_LIMIT = 4 * 1024 * 1024;

export interface ManifestBytes {
  digest: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

const isDigest = (reference: string) => reference.includes(':');

/** GET a manifest by tag or digest; the bytes are verified against the digest. Throws on 404. */
export async function getManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<ManifestBytes> {
  const response = await client.send({
    method: 'GET',
    repository,
    reference,
    path: `manifests/${reference}`,
    headers: { accept: MANIFEST_ACCEPT },
    action: 'get manifest',
  });
  const fail = (problem: string) => new RegistryError(client.registry, repository, reference, response.status, problem);
  const bytes = await readCapped(response, MANIFEST_SIZE_LIMIT);
  if (bytes === 'too-large') throw fail(`the manifest is larger than ${MANIFEST_SIZE_LIMIT} bytes; refused`);
  const computed = sha256Digest(bytes);
  // By digest: the bytes must hash to what we asked. By tag: to what the registry claims.
  const expected = isDigest(reference) ? reference : (response.headers.get('docker-content-digest') ?? undefined);
  if (expected && isVerifiable(expected) && expected !== computed) {
    throw fail(
      `the manifest body hashes to ${computed}, not ${expected}; refusing content that does not match its digest`,
    );
  }
  const mediaType = manifestMediaType(bytes, response.headers.get('content-type'));
  return { digest: expected ?? computed, mediaType, bytes };
}

/** HEAD a manifest: digest, media type and size without the body; undefined on 404. */
export async function headManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<ManifestHead | undefined> {
  const response = await client.send({
    method: 'HEAD',
    repository,
    reference,
    path: `manifests/${reference}`,
    headers: { accept: MANIFEST_ACCEPT },
    allow: [404],
    action: 'check manifest',
  });
  if (response.status === 404) return undefined;
  const digest = response.headers.get('docker-content-digest') ?? (isDigest(reference) ? reference : '');
  if (!digest)
    throw new RegistryError(
      client.registry,
      repository,
      reference,
      response.status,
      'the registry answered HEAD without Docker-Content-Digest; use getManifest',
    );
  return {
    digest,
    mediaType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim(),
    size: Number(response.headers.get('content-length') ?? 0),
  };
}

export interface PutManifestResult {
  digest: string;
  /** Set when the registry processed `subject` itself (OCI 1.1 `OCI-Subject` header). */
  subject?: string;
}

/** PUT manifest bytes as they are under a tag or their digest. */
export async function putManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  bytes: Uint8Array,
  mediaType: string,
): Promise<PutManifestResult> {
  if (bytes.byteLength > MANIFEST_SIZE_LIMIT)
    throw new RegistryError(
      client.registry,
      repository,
      reference,
      0,
      `the manifest is larger than ${MANIFEST_SIZE_LIMIT} bytes; registries refuse it`,
    );
  const digest = sha256Digest(bytes);
  if (isDigest(reference) && reference !== digest)
    throw new RegistryError(
      client.registry,
      repository,
      reference,
      0,
      `the manifest hashes to ${digest}, not the digest it is pushed under`,
    );
  const response = await client.send({
    method: 'PUT',
    repository,
    reference,
    path: `manifests/${reference}`,
    headers: { 'content-type': mediaType },
    body: bytes,
    access: 'push',
    action: 'put manifest',
  });
  await response.body?.cancel();
  const stored = response.headers.get('docker-content-digest');
  if (stored && stored !== digest)
    throw new RegistryError(
      client.registry,
      repository,
      reference,
      response.status,
      `the registry stored ${stored} for a manifest that hashes to ${digest}`,
    );
  const subject = response.headers.get('oci-subject') ?? undefined;
  return { digest, ...(subject && { subject }) };
}

/** DELETE a manifest by digest (registries refuse deletes by tag). False when already gone. */
export async function deleteManifest(client: RegistryClient, repository: string, digest: string): Promise<boolean> {
  const response = await client.send({
    method: 'DELETE',
    repository,
    reference: digest,
    path: `manifests/${digest}`,
    access: 'delete',
    allow: [404],
    action: 'delete manifest',
  });
  await response.body?.cancel();
  return response.status !== 404;
}

/** The body's own `mediaType` wins over Content-Type, which some registries set loosely. */
function manifestMediaType(bytes: Uint8Array, contentType: string | null): string {
  try {
    const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as { mediaType?: unknown };
    if (typeof parsed.mediaType === 'string') return parsed.mediaType;
  } catch {
    // not JSON: fall through to the header
  }
  return (contentType ?? '').split(';')[0]!.trim();
}
