import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A caller repository as act sees it: a git work tree on `main`, with a GitHub remote, made
 * from a folder of files (an example under examples/teams/) committed as one commit.
 */
export class CallerRepo {
  constructor(readonly dir: string) {}

  /** Copies `from` into `dir` and commits it. */
  static create(from: string, dir: string, remote: string): CallerRepo {
    cpSync(from, dir, { recursive: true });
    return CallerRepo.init(dir, remote);
  }

  /** Commits what `dir` holds as the first commit on main. */
  static init(dir: string, remote: string): CallerRepo {
    const repo = new CallerRepo(dir);
    repo.git('init', '-q', '-b', 'main');
    repo.git('remote', 'add', 'origin', remote);
    repo.commitAll('initial import');
    return repo;
  }

  git(...args: string[]): string {
    const identity = ['-c', 'user.name=test', '-c', 'user.email=test@example.com'];
    return execFileSync('git', [...identity, ...args], { cwd: this.dir, encoding: 'utf8', stdio: 'pipe' }).trim();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD');
  }

  commitAll(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-qm', message);
    return this.head();
  }

  /** Writes `files` (path → content) and commits them; returns the new commit. */
  change(files: Record<string, string>, message: string): string {
    for (const [path, content] of Object.entries(files)) writeFileSync(join(this.dir, path), content);
    return this.commitAll(message);
  }
}
