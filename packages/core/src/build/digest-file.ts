import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Docker's multi-runner recipe keeps one empty file per pushed digest, named by its hex, in a
 * directory each job uploads as an artifact; the merge job lists the directory.
 * https://docs.docker.com/build/ci/github-actions/multi-platform/#distribute-build-across-multiple-runners
 */
export function writeDigestFile(dir: string, digest: string): string {
  const hex = /^sha256:([a-f0-9]{64})$/.exec(digest)?.[1];
  if (!hex) throw new Error(`cannot write a digest file for "${digest}": not a sha256 digest`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, hex);
  writeFileSync(path, '');
  return path;
}
