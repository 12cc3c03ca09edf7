import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NODE24, REPO_ROOT } from '../harness/run-action.ts';

const cli = join(REPO_ROOT, 'dist/cli/index.js');
const cleanEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

describe('ghcr-kit changed, on a real git checkout', () => {
  const repo = mkdtempSync(join(tmpdir(), 'changed-'));
  git(repo, 'init', '-q', '-b', 'main');
  for (const dir of ['services/api', 'services/web', 'libs']) mkdirSync(join(repo, dir), { recursive: true });
  writeFileSync(join(repo, 'services/api/main.go'), 'package main\n');
  writeFileSync(join(repo, 'services/web/index.js'), '');
  writeFileSync(join(repo, 'libs/log.go'), '');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'one');
  const base = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(join(repo, 'services/api/main.go'), 'package main // changed\n');
  git(repo, 'commit', '-qam', 'two');
  const services = '- name: api\n  context: services/api\n- name: web\n  context: services/web';
  const run = (...args: string[]) =>
    spawnSync(NODE24, [cli, 'changed', '--services', services, '--repo', 'Acme/Mono', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: cleanEnv,
    });

  test('prints the changed services as a JSON matrix with defaults filled in', () => {
    const result = run('--base', base, '--event', 'push', '--ref', 'refs/heads/main');
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        name: 'api',
        context: 'services/api',
        file: 'services/api/Dockerfile',
        image: 'ghcr.io/acme/mono-api',
        'build-args': '',
        target: '',
      },
    ]);
    expect(result.stderr).toContain('changed: api');
  });

  test('a shared path that changed rebuilds everything; an unknown base too', () => {
    expect(
      JSON.parse(run('--base', base, '--shared-paths', 'services/api/**', '--ref', 'refs/heads/main').stdout),
    ).toHaveLength(2);
    expect(
      JSON.parse(run('--base', '0000000000000000000000000000000000000000', '--ref', 'refs/heads/main').stdout),
    ).toHaveLength(2);
  });

  test('nothing changed gives an empty matrix', () => {
    expect(JSON.parse(run('--base', git(repo, 'rev-parse', 'HEAD'), '--ref', 'refs/heads/main').stdout)).toEqual([]);
  });

  test('bad services input exits 2 naming the input', () => {
    const result = spawnSync(NODE24, [cli, 'changed', '--services', '- context: x', '--repo', 'a/b'], {
      cwd: repo,
      encoding: 'utf8',
      env: cleanEnv,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/input "services"/);
  });
});

describe('ghcr-kit run', () => {
  test('runs the meta bundle with action.yml defaults and an event file, and prints outputs and summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const event = join(dir, 'tag.json');
    writeFileSync(
      event,
      JSON.stringify({
        ref: 'refs/tags/v2.3.4',
        repository: {
          name: 'widget',
          full_name: 'acme/widget',
          owner: { login: 'acme' },
          html_url: 'https://github.com/acme/widget',
          default_branch: 'main',
        },
      }),
    );
    const result = spawnSync(
      NODE24,
      [
        cli,
        'run',
        'meta',
        '--event',
        event,
        '--ref',
        'refs/tags/v2.3.4',
        '--repo',
        'acme/widget',
        '--sha',
        'a'.repeat(40),
        '--input',
        'images=ghcr.io/acme/widget',
        '--input',
        'tags=type=semver,pattern={{version}}',
      ],
      { cwd: dir, encoding: 'utf8', env: cleanEnv },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/== outputs \(meta\)/);
    expect(result.stdout).toMatch(/^version: 2\.3\.4$/m);
    expect(result.stdout).toContain('ghcr.io/acme/widget:2.3.4');
    expect(result.stdout).toMatch(/== summary\n## Image metadata/);
  });

  // Run inside a git checkout on a branch: the payload, not the checkout, decides ref and sha.
  const checkout = mkdtempSync(join(tmpdir(), 'run-checkout-'));
  git(checkout, 'init', '-q', '-b', 'feature');
  git(checkout, 'commit', '-q', '--allow-empty', '-m', 'local');
  const meta = (...args: string[]) =>
    spawnSync(
      NODE24,
      [
        cli,
        'run',
        'meta',
        ...args,
        '--input',
        'images=ghcr.io/acme/shop',
        '--input',
        'tags=type=ref,event=tag\ntype=ref,event=pr\ntype=ref,event=branch\ntype=sha,format=long',
      ],
      { cwd: checkout, encoding: 'utf8', env: cleanEnv },
    );
  const tagsOf = (stdout: string) => /^tags: \n((?:  .+\n)+)/m.exec(stdout)?.[1]?.trim().split(/\s+/);

  test.each([
    [
      'tag-push.json',
      [
        'ghcr.io/acme/shop:rest-api-v1.2.3',
        'ghcr.io/acme/shop:sha-860c1904a1ce19322e91ac35af1ab07466440c37',
        'ghcr.io/acme/shop:latest',
      ],
    ],
    ['push-main.json', ['ghcr.io/acme/shop:main', 'ghcr.io/acme/shop:sha-860c1904a1ce19322e91ac35af1ab07466440c37']],
    [
      'pull-request.json',
      ['ghcr.io/acme/shop:pr-42', 'ghcr.io/acme/shop:sha-d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5'],
    ],
  ])('--event examples/events/%s previews that event, not the local branch', (file, tags) => {
    const result = meta('--event', join(REPO_ROOT, 'examples/events', file));
    expect(result.status, result.stderr).toBe(0);
    expect(tagsOf(result.stdout)).toEqual(tags);
  });

  test('--ref and --sha win over the event file', () => {
    const result = meta(
      '--event',
      join(REPO_ROOT, 'examples/events/push-main.json'),
      '--ref',
      'refs/heads/hotfix',
      '--sha',
      'e'.repeat(40),
    );
    expect(result.status, result.stderr).toBe(0);
    expect(tagsOf(result.stdout)).toEqual(['ghcr.io/acme/shop:hotfix', `ghcr.io/acme/shop:sha-${'e'.repeat(40)}`]);
  });

  test('an unknown action exits 2 and lists the actions', () => {
    const result = spawnSync(NODE24, [cli, 'run', 'deploy'], { encoding: 'utf8', env: cleanEnv });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no action "deploy"/);
  });
});

describe('ghcr-kit verify', () => {
  test('without an image it exits 2 with one line saying how to call it', () => {
    const result = spawnSync(NODE24, [cli, 'verify'], { encoding: 'utf8', env: cleanEnv });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'ghcr-kit: verify needs the image: ghcr-kit verify ghcr.io/owner/app:tag --input repo=owner/app',
    ]);
  });
});
