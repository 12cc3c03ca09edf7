import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Secret } from './build-inputs.ts';

/**
 * Writes each secret to its own file, mode 0600, in a fresh directory under RUNNER_TEMP, so
 * no secret is ever on a command line. The post step removes the directory
 * (removeSecretFiles) even when the build failed.
 */
export function writeSecretFiles(tempDir: string, secrets: Secret[]): { dir: string; paths: Record<string, string> } {
  const dir = mkdtempSync(join(tempDir, 'ghcr-kit-secrets-'));
  const paths: Record<string, string> = {};
  secrets.forEach((secret, index) => {
    const path = join(dir, `secret-${index}`);
    writeFileSync(path, secret.value, { mode: 0o600 });
    paths[secret.id] = path;
  });
  return { dir, paths };
}

export function removeSecretFiles(dir: string): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
