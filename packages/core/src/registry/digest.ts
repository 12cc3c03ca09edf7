import { createHash } from 'node:crypto';

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Only sha256 is computed here; the OCI spec makes it the one digest every registry accepts. */
export function isVerifiable(digest: string): boolean {
  return digest.startsWith('sha256:');
}

/**
 * Reads a body up to `limit` bytes, failing as soon as it goes over: a hostile or broken
 * server cannot make us buffer more than that.
 */
export async function readCapped(response: Response, limit: number): Promise<Uint8Array | 'too-large'> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    return 'too-large';
  }
  if (!response.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return 'too-large';
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}
