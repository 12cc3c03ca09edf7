import { gunzipSync } from 'node:zlib';
import {
  getManifest,
  isUnknownPlatform,
  listTags,
  platformKey,
  readBlob,
  RegistryClient,
  type Credentials,
} from '../../packages/core/src/registry/index.ts';

/** One platform's image as a user of it sees it: config, annotations and the files of its layers. */
export interface PushedPlatform {
  digest: string;
  mediaType: string;
  annotations: Record<string, string>;
  config: { architecture: string; os: string; variant?: string; config?: { Labels?: Record<string, string> } };
  /** Path → content of every regular file in the layers, later layers winning. */
  files: Record<string, string>;
}

/** An attestation manifest (buildx puts them in the index with platform unknown/unknown). */
export interface PushedAttestation {
  digest: string;
  /** `vnd.docker.reference.digest`: the image manifest it is about. */
  subject: string;
  /** Each in-toto statement in its layers, parsed. */
  statements: Array<{ predicateType: string; predicate: Record<string, unknown> }>;
}

export interface PushedImage {
  digest: string;
  mediaType: string;
  /** Index-level annotations (an image manifest pushed alone has none here). */
  annotations: Record<string, string>;
  /** `os/arch[/variant]` → image; attestation manifests are not platforms. */
  platforms: Record<string, PushedPlatform>;
  attestations: PushedAttestation[];
  /** Every platform string the index lists, unknown/unknown included, as a client would read it. */
  listedPlatforms: string[];
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/**
 * Reads what a build pushed, through our registry client, down to file contents, so a test
 * compares what a user would notice rather than digests that differ by engine.
 */
export async function readPushedImage(
  host: string,
  repository: string,
  reference: string,
  credentials?: Credentials,
): Promise<PushedImage> {
  const client = new RegistryClient({ registry: host, credentials });
  const top = await getManifest(client, repository, reference);
  const json = JSON.parse(Buffer.from(top.bytes).toString('utf8'));
  const image: PushedImage = {
    digest: top.digest,
    mediaType: top.mediaType,
    annotations: {},
    platforms: {},
    attestations: [],
    listedPlatforms: [],
  };
  if (!INDEX_TYPES.has(top.mediaType)) {
    const platform = await readPlatformImage(client, repository, top.digest, top.mediaType, json);
    image.platforms[platformKey(platform.config)] = platform;
    return image;
  }
  image.annotations = json.annotations ?? {};
  for (const descriptor of json.manifests as Array<{
    digest: string;
    mediaType: string;
    platform?: { os: string; architecture: string; variant?: string };
    annotations?: Record<string, string>;
  }>) {
    image.listedPlatforms.push(platformKey(descriptor.platform));
    const child = await getManifest(client, repository, descriptor.digest);
    const manifest = JSON.parse(Buffer.from(child.bytes).toString('utf8'));
    if (
      descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
      isUnknownPlatform(descriptor.platform)
    ) {
      const statements = [];
      for (const layer of manifest.layers as Array<{ digest: string; mediaType: string }>) {
        if (!layer.mediaType.startsWith('application/vnd.in-toto')) continue;
        statements.push(JSON.parse(Buffer.from(await readBlob(client, repository, layer.digest)).toString('utf8')));
      }
      image.attestations.push({
        digest: descriptor.digest,
        subject: descriptor.annotations?.['vnd.docker.reference.digest'] ?? '',
        statements,
      });
      continue;
    }
    image.platforms[platformKey(descriptor.platform)] = await readPlatformImage(
      client,
      repository,
      descriptor.digest,
      child.mediaType,
      manifest,
    );
  }
  return image;
}

/** Tags of a repository; none when the registry never saw it. */
export async function tagsOf(host: string, repository: string, credentials?: Credentials): Promise<string[]> {
  return (await listTags(new RegistryClient({ registry: host, credentials }), repository)).sort();
}

async function readPlatformImage(
  client: RegistryClient,
  repository: string,
  digest: string,
  mediaType: string,
  manifest: {
    config: { digest: string };
    layers: Array<{ digest: string; mediaType: string }>;
    annotations?: Record<string, string>;
  },
): Promise<PushedPlatform> {
  const config = JSON.parse(Buffer.from(await readBlob(client, repository, manifest.config.digest)).toString('utf8'));
  const files: Record<string, string> = {};
  for (const layer of manifest.layers) {
    const blob = Buffer.from(await readBlob(client, repository, layer.digest, 64 * 1024 * 1024));
    const tar = layer.mediaType.endsWith('gzip') ? gunzipSync(blob) : blob;
    Object.assign(files, tarFiles(tar));
  }
  return { digest, mediaType, annotations: manifest.annotations ?? {}, config, files };
}

/** Regular files in a tar stream (ustar: name 0..100, size 124..136 octal, type flag 156, prefix 345..500). */
export function tarFiles(tar: Buffer): Record<string, string> {
  const files: Record<string, string> = {};
  const field = (offset: number, length: number) =>
    tar
      .subarray(offset, offset + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = field(offset, 100);
    if (!name) break;
    const size = parseInt(field(offset + 124, 12).trim() || '0', 8);
    const type = field(offset + 156, 1);
    const prefix = field(offset + 345, 155);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\.?\//, '');
    if (type === '0' || type === '') files[path] = tar.subarray(offset + 512, offset + 512 + size).toString('utf8');
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
