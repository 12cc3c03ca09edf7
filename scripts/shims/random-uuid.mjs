// Stands in for `crypto` inside @actions/core, which imports the whole module only for
// randomUUID() (the delimiter of GITHUB_OUTPUT entries). Loading node:crypto costs ~25 ms of
// start-up, a third of the meta action's run; 16 bytes of /dev/urandom give the same
// unpredictable v4 UUID. Where there is no /dev/urandom (Windows runners), crypto is loaded.
import { closeSync, openSync, readSync } from 'node:fs';

export function randomUUID() {
  const bytes = Buffer.alloc(16);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      readSync(fd, bytes, 0, 16, null);
    } finally {
      closeSync(fd);
    }
  } catch {
    return process.getBuiltinModule('node:crypto').randomUUID();
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
