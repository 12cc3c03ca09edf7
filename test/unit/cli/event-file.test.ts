import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readEventFile } from '../../../packages/cli/src/event-file.ts';
import { ROOT } from '../contracts/action-sources.ts';

// `ghcr-kit run ACTION --event FILE` must preview the run that payload starts, so GITHUB_REF
// and GITHUB_SHA come from the payload as the runner takes them, not from the local checkout.
describe('ref and sha from an event file', () => {
  test.each([
    ['examples/events/tag-push.json', 'push', 'refs/tags/rest-api/v1.2.3', '860c1904a1ce19322e91ac35af1ab07466440c37'],
    ['examples/events/push-main.json', 'push', 'refs/heads/main', '860c1904a1ce19322e91ac35af1ab07466440c37'],
    [
      'examples/events/pull-request.json',
      'pull_request',
      'refs/pull/42/merge',
      'd4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5',
    ],
    ['examples/events/workflow-dispatch.json', 'workflow_dispatch', 'refs/heads/main', undefined],
    ['test/fixtures/events/release.json', 'release', 'refs/tags/v1.2.3', undefined],
    ['test/fixtures/events/release-prerelease.json', 'release', 'refs/tags/v3.0.0', undefined],
  ])('%s runs as %s on %s at %s', (file, eventName, ref, sha) => {
    const facts = readEventFile(join(ROOT, file));
    expect(facts).toMatchObject({ eventName, ref });
    expect(facts.sha).toBe(sha);
  });

  test('a pull request payload without a merge sha says the local commit is used', () => {
    const facts = readEventFile(join(ROOT, 'test/fixtures/events/pull-request.json'));
    expect(facts.ref).toBe('refs/pull/15/merge');
    expect(facts.sha).toBeUndefined();
    expect(facts.notes.join('\n')).toMatch(/merge_commit_sha.*--sha/);
  });

  test('a file that is not a JSON object fails naming --event and the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-'));
    writeFileSync(join(dir, 'bad.json'), '[1, 2]');
    writeFileSync(join(dir, 'broken.json'), '{"ref": ');
    writeFileSync(join(dir, 'typed.json'), '{"pull_request": {"number": "42"}}');
    expect(() => readEventFile(join(dir, 'bad.json'))).toThrow(
      /input "--event": the payload is not a JSON object .*bad\.json/,
    );
    expect(() => readEventFile(join(dir, 'broken.json'))).toThrow(/input "--event": not a readable JSON payload/);
    expect(() => readEventFile(join(dir, 'typed.json'))).toThrow(
      /input "--event": pull_request\.number: expected number/,
    );
  });
});
