import { afterEach, describe, expect, test, vi } from 'vitest';
import { runnerLogger } from '../../../packages/core/src/actions/index.ts';
import { testIO } from '../../harness/step-io.ts';

/** What the runner reads from a step's stdout: workflow commands, one per line. */
function captureStdout(): { lines: () => string[] } {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return { lines: () => written.join('').split('\n').filter(Boolean) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runnerLogger', () => {
  test('writes the workflow commands the runner turns into annotations, masks and groups', async () => {
    const out = captureStdout();
    runnerLogger.notice('cache restored');
    runnerLogger.warning('no credentials for quay.io');
    runnerLogger.error('RUN failed', { title: 'build failed', file: 'Dockerfile', line: 7 });
    runnerLogger.mask('s3cr3t');
    const answer = await runnerLogger.group('scan linux/amd64', async () => {
      runnerLogger.info('inside');
      return 3;
    });
    expect(answer).toBe(3);
    expect(out.lines()).toEqual([
      '::notice::cache restored',
      '::warning::no credentials for quay.io',
      '::error title=build failed,file=Dockerfile,line=7::RUN failed',
      '::add-mask::s3cr3t',
      '::group::scan linux/amd64',
      'inside',
      '::endgroup::',
    ]);
  });
});

describe('stepIO', () => {
  test("the step's flat log members and io.log reach the same logger", () => {
    const io = testIO();
    io.info('a');
    io.notice('b');
    io.warning('c');
    io.error('d', { file: 'Dockerfile', line: 2 });
    io.mask('e');
    io.log.info('f');
    expect(io.log.lines).toEqual(['info a', 'notice b', 'warning c', 'error d (Dockerfile:2)', 'mask e', 'info f']);
  });

  test('what comes from outside is what the test gave: inputs, run facts, the clock, the waits', async () => {
    const now = new Date('2026-12-04T10:00:00Z');
    const io = testIO({ inputs: { tags: '  v1  ', sep: ', ' }, env: { GITHUB_RUN_ATTEMPT: '3' }, now });
    expect([io.read('tags'), io.read('sep', { trim: false }), io.read('unset')]).toEqual(['v1', ', ', '']);
    expect([io.context.runAttempt, io.context.date]).toEqual(['3', now]);
    await io.sleep(15_000);
    expect([io.now(), io.slept]).toEqual([now, [15_000]]);
  });
});
