import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, typed by its use here
import { pinSelfReferences, releaseFiles, selfReferences } from '../../../scripts/release.mjs';
import { ROOT } from '../contracts/action-sources.ts';

// The release pins every self-reference of the kit to the commit released, so a caller pinned to
// a release runs that release's actions. Tested on a temporary git repository holding this
// repository's own workflows, action.yml and examples, with the real git.

const identity = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GIT_CONFIG_NOSYSTEM: '1', ...identity };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env }).trim();
const release = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/release.mjs'), ...args], { cwd, encoding: 'utf8', env });
const SHA_A = 'a'.repeat(40);

describe('pinSelfReferences', () => {
  it('pins uses: lines and the checkout of the kit, in either key order, and nothing else', () => {
    const text = [
      '      - uses: ghcr-kit/ghcr-kit/actions/meta@v0',
      '    uses: ghcr-kit/ghcr-kit/.github/workflows/publish.yml@v0.3.1 # the kit',
      '      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0',
      '        with:',
      '          repository: ghcr-kit/ghcr-kit',
      '          ref: v0 # pinned on release',
      '          path: .ghcr-kit',
      '      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0',
      '        with:',
      '          ref: v0',
      '          path: kit',
      '          repository: ghcr-kit/ghcr-kit',
      '      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0',
      '        with:',
      '          repository: acme/other',
      '          ref: v0',
      '# uses: ghcr-kit/ghcr-kit/.github/workflows/publish.yml@<commit sha>',
      '',
    ].join('\n');
    const pinned = pinSelfReferences(text, SHA_A);
    expect(selfReferences(pinned)).toEqual([SHA_A, SHA_A, SHA_A, SHA_A]);
    expect(pinned).toContain(`publish.yml@${SHA_A} # the kit`);
    // Another repository's ref and the placeholder in a comment stay as they are.
    expect(pinned).toMatch(/repository: acme\/other\n {10}ref: v0\n/);
    expect(pinned).toContain('publish.yml@<commit sha>');
    expect(pinned).toContain('actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8');
  });

  it('re-pins an earlier release, and pinning twice is pinning once', () => {
    const once = pinSelfReferences('uses: ghcr-kit/ghcr-kit/actions/scan@v0\n', SHA_A);
    expect(pinSelfReferences(once, SHA_A)).toBe(once);
    expect(pinSelfReferences(once, 'b'.repeat(40))).toBe(`uses: ghcr-kit/ghcr-kit/actions/scan@${'b'.repeat(40)}\n`);
  });
});

describe('scripts/release.mjs on a temporary repository', () => {
  const repo = mkdtempSync(join(tmpdir(), 'release-'));
  const remote = mkdtempSync(join(tmpdir(), 'release-remote-'));
  const files: string[] = releaseFiles(ROOT);
  let source = '';
  let first: ReturnType<typeof release>;

  beforeAll(() => {
    git(remote, 'init', '-q', '--bare');
    git(repo, 'init', '-q', '-b', 'main');
    for (const file of files) {
      mkdirSync(dirname(join(repo, file)), { recursive: true });
      cpSync(join(ROOT, file), join(repo, file));
    }
    mkdirSync(join(repo, 'dist/meta'), { recursive: true });
    writeFileSync(join(repo, 'dist/meta/index.js'), 'export {};\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'The kit');
    git(repo, 'remote', 'add', 'origin', remote);
    source = git(repo, 'rev-parse', 'HEAD');
    first = release(repo, '0.2.0', '--push', '--notes-file', join(repo, '..', `${repo.split('/').pop()}-notes.md`));
  });

  it('covers the workflows, the root action.yml and examples/', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/publish.yml',
        '.github/workflows/cleanup.yml',
        'examples/single-image.yml',
        'action.yml',
      ]),
    );
  });

  it('tags a commit whose every self-reference names the released commit, and moves v0 there', () => {
    expect(first.status, first.stderr).toBe(0);
    const tagged = git(repo, 'rev-parse', 'v0.2.0^{commit}');
    expect(git(repo, 'rev-parse', 'v0^{commit}')).toBe(tagged);
    expect(git(repo, 'rev-parse', `${tagged}^`)).toBe(source);
    let count = 0;
    for (const file of files) {
      const text = git(repo, 'show', `v0.2.0:${file}`);
      expect(text, file).not.toMatch(/@v0\b|ref: v0\b/);
      const refs = selfReferences(text);
      count += refs.length;
      expect(new Set(refs), `${file} names the kit at several refs`).toEqual(new Set(refs.length ? [source] : []));
    }
    expect(count).toBeGreaterThan(10);
    // The branch keeps its moving-tag references; only the tags go out.
    expect(git(remote, 'tag', '--list').split('\n').sort()).toEqual(['v0', 'v0.2.0']);
    expect(git(remote, 'rev-parse', 'v0^{commit}')).toBe(tagged);
    expect(spawnSync('git', ['rev-parse', '--verify', 'refs/heads/main'], { cwd: remote }).status).not.toBe(0);
  });

  it('writes notes from the commits since the last release', () => {
    const notes = readFileSync(join(repo, '..', `${repo.split('/').pop()}-notes.md`), 'utf8');
    expect(notes).toBe(`## Changes in this first release\n\n- The kit (${source.slice(0, 7)})\n`);
  });

  it('running it twice is a no-op, from the tagged commit and from its source', () => {
    const tagged = git(repo, 'rev-parse', 'v0.2.0^{commit}');
    const head = git(repo, 'rev-parse', 'HEAD');
    for (const from of [head, source]) {
      git(repo, 'checkout', '-q', from);
      const again = release(repo, '0.2.0', '--push');
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/already released/);
      expect(git(repo, 'rev-parse', 'HEAD')).toBe(from);
      expect(git(repo, 'rev-parse', 'v0.2.0^{commit}')).toBe(tagged);
      expect(git(repo, 'status', '--porcelain')).toBe('');
    }
    git(repo, 'checkout', '-q', 'main');
  });

  it('notes of the next release list only what came after the previous one', () => {
    git(repo, 'checkout', '-q', '-B', 'main', source);
    writeFileSync(join(repo, 'dist/meta/index.js'), 'export const x = 1;\n');
    git(repo, 'commit', '-qam', 'Faster meta');
    const notesFile = join(repo, '..', `${repo.split('/').pop()}-notes-2.md`);
    const next = release(repo, '0.2.1', '--notes-file', notesFile);
    expect(next.status, next.stderr).toBe(0);
    expect(readFileSync(notesFile, 'utf8')).toMatch(/^## Changes since v0\.2\.0\n\n- Faster meta \([0-9a-f]{7}\)\n$/);
    expect(git(repo, 'rev-parse', 'v0^{commit}')).toBe(git(repo, 'rev-parse', 'v0.2.1^{commit}'));
  });

  it('refuses a version that is not X.Y.Z, a released version elsewhere, and a dirty tree, changing nothing', () => {
    const before = git(repo, 'rev-parse', 'HEAD');
    const tags = git(repo, 'tag', '--list');
    const bad = release(repo, 'v1.0');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'release: version: "v1.0" is not X.Y.Z. Pass the version to release, e.g. 0.2.0 (tagged v0.2.0).',
    );
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'later');
    expect(release(repo, '0.2.0').stderr).toMatch(/v0\.2\.0 already exists at [0-9a-f]{12}, which is not this commit/);
    writeFileSync(join(repo, 'action.yml'), 'changed\n');
    expect(release(repo, '0.3.0').stderr).toMatch(/uncommitted changes/);
    git(repo, 'checkout', '-q', '--', 'action.yml');
    git(repo, 'reset', '-q', '--hard', before);
    expect(git(repo, 'tag', '--list')).toBe(tags);
  });
});
