import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  OCI_MANIFEST,
  RegistryClient,
  putManifest,
  sha256Digest,
  uploadBlob,
} from '../../packages/core/src/registry/index.ts';
import { REPO_ROOT } from './run-action.ts';

const run = promisify(execFile);

/**
 * Trivy's DB artifact: one layer, a gzipped tar of `trivy.db` and `metadata.json`, titled
 * `db.tar.gz` (Trivy names the download after this annotation and refuses an artifact
 * without it), under Trivy's own media types.
 * https://trivy.dev/latest/docs/configuration/db/
 */
export const TRIVY_DB_LAYER = 'application/vnd.aquasec.trivy.db.layer.v1.tar+gzip';
export const TRIVY_CONFIG = 'application/vnd.aquasec.trivy.config.v1+json';

export const FIXTURE_DIR = join(REPO_ROOT, 'test/fixtures/trivy-db');

/**
 * Writes the fixture DB with test/fixtures/trivy-db (the trivy-db Go module, from the Go
 * module proxy) and pushes it to `<registry>/<repository>:2` with our registry client.
 */
export async function pushFixtureDb(registry: string, repository: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-trivy-db-'));
  try {
    const env = { ...process.env, GOWORK: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
    await run('go', ['build', '-o', join(dir, 'writer'), '.'], { cwd: FIXTURE_DIR, env, timeout: 600_000 });
    await run(join(dir, 'writer'), [join(dir, 'db'), join(FIXTURE_DIR, 'advisories.json')]);
    await run('tar', ['-czf', join(dir, 'db.tar.gz'), '-C', join(dir, 'db'), 'trivy.db', 'metadata.json']);
    const layer = new Uint8Array(await readFile(join(dir, 'db.tar.gz')));
    const config = new TextEncoder().encode('{}');
    const client = new RegistryClient({ registry });
    const layerDigest = await uploadBlob(client, repository, layer);
    const configDigest = await uploadBlob(client, repository, config);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: TRIVY_CONFIG,
      config: { mediaType: TRIVY_CONFIG, digest: configDigest, size: config.length },
      layers: [
        {
          mediaType: TRIVY_DB_LAYER,
          digest: layerDigest,
          size: layer.length,
          annotations: { 'org.opencontainers.image.title': 'db.tar.gz' },
        },
      ],
    };
    const bytes = new TextEncoder().encode(JSON.stringify(manifest));
    await putManifest(client, repository, '2', bytes, OCI_MANIFEST);
    return sha256Digest(bytes);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
