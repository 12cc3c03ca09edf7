import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes a bundle under `<dir>/<folder>/`, named by its hash so re-runs never clash. */
export async function writeBundleFile(dir: string, folder: string, bytes: Buffer): Promise<string> {
  const target = join(dir, folder);
  await mkdir(target, { recursive: true });
  const path = join(target, `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.sigstore.json`);
  await writeFile(path, bytes);
  return path;
}
