import { describe, expect, it } from 'vitest';
import { isTransientPushFailure, withPushRetry } from '../../../packages/core/src/build/push-retry.ts';

const blob = `sha256:${'a'.repeat(64)}`;

describe('which push failures are worth another try', () => {
  it.each([
    [
      'skopeo, the 500 seen in CI',
      `time="2026-12-01T10:00:00Z" level=fatal msg="trying to reuse blob ${blob} at destination: ` +
        'failed to read from destination repository: 500"',
    ],
    [
      'containers/image, unexpected HTTP status',
      'Error: writing manifest: uploading manifest 1.0 to 127.0.0.1:5000/o/app: ' +
        'received unexpected HTTP status: 503 Service Unavailable',
    ],
    [
      'BuildKit, manifest PUT',
      'ERROR: failed to solve: failed to push 127.0.0.1:5000/o/app:1: failed commit on ref "manifest-sha256:ab": ' +
        'unexpected status from PUT request to http://127.0.0.1:5000/v2/o/app/manifests/1: 502 Bad Gateway',
    ],
    ['a rate limit', 'Error: pushing blob: toomanyrequests: retry later'],
    [
      'a broken connection',
      'Error: writing blob: Patch "https://ghcr.io/v2/o/app/blobs/uploads/x": read tcp 10.0.0.2:443: connection reset by peer',
    ],
  ])('%s', (_name, output) => expect(isTransientPushFailure(output)).toBe(true));

  it.each([
    ['401', 'Error: authenticating creds for "ghcr.io": unauthorized: authentication required'],
    ['403', 'Error: writing blob: denied: permission_denied: write_package'],
    ['404 on a manifest', 'Error: reading manifest 1.0 in ghcr.io/o/app: manifest unknown'],
    [
      'a Dockerfile error',
      'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
    ],
  ])('not %s', (_name, output) => expect(isTransientPushFailure(output)).toBe(false));
});

describe('withPushRetry', () => {
  const policy = (waits: number[], lines: string[]) => ({
    tries: 3,
    baseDelayMs: 100,
    sleep: async (ms: number) => void waits.push(ms),
    info: (l: string) => void lines.push(l),
  });
  const failing = (outputs: Array<[number, string]>) => {
    let n = 0;
    return {
      calls: () => n,
      attempt: async () => {
        const [exitCode, output] = outputs[Math.min(n++, outputs.length - 1)]!;
        return { exitCode, output };
      },
    };
  };

  it('tries again after a transient failure, waiting longer each time, and says why', async () => {
    const waits: number[] = [];
    const lines: string[] = [];
    const run = failing([
      [1, 'received unexpected HTTP status: 500 Internal Server Error'],
      [1, 'connection reset by peer'],
      [0, 'pushed'],
    ]);
    expect(await withPushRetry('skopeo copy', policy(waits, lines), run.attempt)).toEqual({
      exitCode: 0,
      output: 'pushed',
    });
    expect(run.calls()).toBe(3);
    expect(waits).toEqual([100, 200]);
    expect(lines[0]).toBe(
      'skopeo copy: transient registry error (received unexpected HTTP status: 500 Internal Server Error); ' +
        'try 2 of 3 in 0.1s',
    );
  });

  it('gives the last failure back after the last try', async () => {
    const run = failing([[1, '503 Service Unavailable']]);
    expect((await withPushRetry('buildah manifest', policy([], []), run.attempt)).exitCode).toBe(1);
    expect(run.calls()).toBe(3);
  });

  it('does not try a refused push again', async () => {
    const run = failing([[1, 'unauthorized: authentication required (HTTP 500 from the proxy before)']]);
    expect((await withPushRetry('buildah manifest', policy([], []), run.attempt)).exitCode).toBe(1);
    expect(run.calls()).toBe(1);
  });
});
