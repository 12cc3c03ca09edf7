// Releases the kit: `node scripts/release.mjs X.Y.Z [--push] [--remote origin] [--notes-file FILE]`.
//
// `uses:` cannot take an expression, so the workflows and examples name the kit's own actions at
// the moving tag (@v0, `ref: v0`). A caller that pins a release must run that release's actions,
// so this pins every self-reference to the commit being released (the current HEAD, whose dist/
// and action.yml files the release ships), commits that on top of it, tags the commit vX.Y.Z and
// moves v<major> to it. The branch keeps its @v0 lines: only the tags are pushed.
// Release notes (the commits since the last version tag) go to --notes-file. Run it twice for one
// version and the second run changes nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const KIT = 'ghcr-kit/ghcr-kit';
// A ref the release replaces: a version tag (v0, v0.3, v0.3.1) or an earlier release's commit.
const REF = String.raw`v\d+(?:\.\d+){0,2}|[0-9a-f]{40}`;
const USES = new RegExp(String.raw`(\b${KIT}(?:/[\w./-]+)?@)(${REF})(?![\w.-])`, 'g');
// `repository: ghcr-kit/ghcr-kit` and its `ref:` in one `with:` block, in either order.
const CHECKOUT = new RegExp(
  String.raw`(repository: ${KIT}[ \t]*(?:#.*)?\n(?:[ \t]+[\w-]+:.*\n)*?[ \t]+ref: )(${REF})\b` +
    String.raw`|(ref: )(${REF})(\b.*\n(?:[ \t]+[\w-]+:.*\n)*?[ \t]+repository: ${KIT}\b)`,
  'g',
);

/** The text with every self-reference naming `sha`; the same text when there is none. */
export function pinSelfReferences(text, sha) {
  return text
    .replace(USES, (_, head) => `${head}${sha}`)
    .replace(CHECKOUT, (match, before, _ref, refKey, _ref2, after) =>
      before ? `${before}${sha}` : `${refKey}${sha}${after}`,
    );
}

/** Every ref the kit is referenced at in `text`, in order. */
export function selfReferences(text) {
  const refs = [...text.matchAll(new RegExp(String.raw`\b${KIT}(?:/[\w./-]+)?@([\w.-]+)`, 'g'))].map((m) => m[1]);
  for (const m of text.matchAll(CHECKOUT)) refs.push(m[2] ?? m[4]);
  return refs;
}

/** The files a release pins: the workflows, the root action.yml, and everything under examples/. */
export function releaseFiles(root) {
  const walk = (dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory()
            ? walk(join(dir, entry.name))
            : /\.(ya?ml|md)$/.test(entry.name)
              ? [join(dir, entry.name)]
              : [],
        )
      : [];
  return [
    ...walk('.github/workflows'),
    ...(existsSync(join(root, 'action.yml')) ? ['action.yml'] : []),
    ...walk('examples'),
  ].sort();
}

/** Markdown notes: the commits after the previous release's source (none: the first release) up to `head`. */
export function releaseNotes(git, previous, head) {
  const range = previous ? `${previous.source}..${head}` : head;
  const lines = git('log', '--no-merges', '--format=- %s (%h)', range).split('\n').filter(Boolean);
  const title = `## Changes ${previous ? `since ${previous.tag}` : 'in this first release'}`;
  return `${title}\n\n${lines.join('\n') || '- no changes'}\n`;
}

/** The commit a release was cut from: the parent of its "Release vX.Y.Z" commit, or itself. */
function sourceOf(git, commit) {
  return /^Release v\d/.test(git('log', '-1', '--format=%s', commit)) ? git('rev-parse', `${commit}^`) : commit;
}

/**
 * The newest earlier version whose source is in `source`'s history. Release commits sit beside
 * the branch, so `git describe` from the branch never sees their tags.
 */
function previousRelease(git, source, current) {
  const tags = git('tag', '--list', 'v[0-9]*.[0-9]*.[0-9]*', '--sort=-v:refname')
    .split('\n')
    .filter((t) => t && t !== current);
  for (const candidate of tags) {
    const from = sourceOf(git, git('rev-parse', `refs/tags/${candidate}^{commit}`));
    try {
      execFileSync('git', ['merge-base', '--is-ancestor', from, source], { cwd: git.cwd, stdio: 'ignore' });
      return { tag: candidate, source: from };
    } catch {
      // not in this history: a release of another line
    }
  }
  return undefined;
}

class ReleaseError extends Error {}

export function release({
  cwd,
  version,
  push = false,
  remote = 'origin',
  notesFile,
  log = (line) => process.stderr.write(`${line}\n`),
}) {
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
    throw new ReleaseError(
      `version: ${JSON.stringify(version ?? '')} is not X.Y.Z. ` +
        'Pass the version to release, e.g. 0.2.0 (tagged v0.2.0).',
    );
  }
  const git = Object.assign(
    (...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(),
    { cwd },
  );
  const tryGit = (...args) => {
    try {
      return git(...args);
    } catch {
      return undefined;
    }
  };
  const tag = `v${version}`;
  const major = `v${version.split('.')[0]}`;
  const head = git('rev-parse', 'HEAD');

  const tagged = tryGit('rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`);
  let commit;
  if (tagged) {
    // Released already: from this commit (re-run on the same checkout) or from its source.
    if (tagged !== head && tryGit('rev-parse', `${tagged}^`) !== head) {
      throw new ReleaseError(
        `${tag} already exists at ${tagged.slice(0, 12)}, which is not this commit. ` +
          'A version is released once: pick the next one.',
      );
    }
    log(`${tag} is already released at ${tagged}: nothing to rewrite or tag`);
    commit = tagged;
  } else {
    if (git('status', '--porcelain', '--untracked-files=no'))
      throw new ReleaseError('the work tree has uncommitted changes: commit or stash them, then release.');
    const changed = [];
    for (const file of releaseFiles(cwd)) {
      const text = readFileSync(join(cwd, file), 'utf8');
      const pinned = pinSelfReferences(text, head);
      if (pinned !== text) {
        writeFileSync(join(cwd, file), pinned);
        changed.push(file);
      }
    }
    if (changed.length > 0) {
      git('add', '--', ...changed);
      git('commit', '-q', '-m', `Release ${tag}`, '-m', `Every self-reference pinned to ${head}, the commit released.`);
      log(`pinned the self-references of ${changed.map((f) => relative(cwd, join(cwd, f))).join(', ')} to ${head}`);
    }
    commit = git('rev-parse', 'HEAD');
    git('tag', '-a', tag, '-m', tag, commit);
    log(`tagged ${tag} at ${commit}`);
  }
  if (tryGit('rev-parse', '--verify', '--quiet', `refs/tags/${major}^{commit}`) !== commit) {
    git('tag', '-f', major, commit);
    log(`moved ${major} to ${commit}`);
  }
  if (notesFile) {
    const source = sourceOf(git, commit);
    writeFileSync(notesFile, releaseNotes(git, previousRelease(git, source, tag), source));
  }
  if (push) {
    git('push', '-q', remote, `refs/tags/${tag}`);
    git('push', '-q', '--force', remote, `refs/tags/${major}`);
    log(`pushed ${tag} and ${major} to ${remote}`);
  }
  return { tag, major, commit };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  try {
    const result = release({
      cwd: process.cwd(),
      version: args[0],
      push: args.includes('--push'),
      remote: option('--remote') ?? 'origin',
      notesFile: option('--notes-file'),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(
      `release: ${error instanceof ReleaseError ? error.message : error.stderr?.toString() || error.stack}\n`,
    );
    process.exitCode = error instanceof ReleaseError ? 2 : 1;
  }
}
