import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../harness/run-action.ts';

// The CLI as a newcomer meets it: a fresh clone, `npm ci`, then the README's `npx ghcr-kit …`
// lines exactly as written; and the packed CLI installed into an empty directory. Offline: npm
// runs with --offline (its cache holds what `npm ci` needs) and nothing here needs a network.

const offline = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  SOURCE_DATE_EPOCH: '1719585022',
};
const sh = (cwd: string, script: string) => spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: offline });

/** The README's `npx ghcr-kit …` commands, continuation lines joined. */
function readmeCommands(): string[] {
  const blocks = [...readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map(
    (m) => m[1]!,
  );
  const commands: string[] = [];
  for (const block of blocks) {
    const lines = block.replace(/\\\n\s*/g, ' ').split('\n');
    for (const line of lines) if (line.startsWith('npx ghcr-kit ')) commands.push(line.replace(/\s+#.*$/, ''));
  }
  return commands;
}

/** A clone of this checkout as it stands (committed or not), its history two commits deep. */
function freshClone(): string {
  const clone = join(mkdtempSync(join(tmpdir(), 'clone-')), 'ghcr-kit');
  execFileSync('git', ['clone', '-q', '--depth', '2', `file://${REPO_ROOT}`, clone]);
  const changed = execFileSync('git', ['ls-files', '-m', '-o', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of changed) {
    if (!existsSync(join(REPO_ROOT, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(clone, file));
  }
  return clone;
}

describe('a fresh clone after npm ci', () => {
  let clone = '';
  beforeAll(() => {
    clone = freshClone();
    // As the Quick start says; npm_config_offline keeps it (and the `node` package's install) on the cache.
    const ci = sh(clone, 'npm ci');
    expect(ci.status, ci.stderr).toBe(0);
  }, 300_000);

  test('the README has npx lines for every command it documents', () => {
    const commands = readmeCommands().map((c) => c.split(/\s+/)[2]);
    expect(new Set(commands)).toEqual(new Set(['plan', 'tags', 'changed', 'run', 'verify', 'doctor']));
  });

  test.each(readmeCommands())(
    '%s',
    (command) => {
      const result = sh(clone, command);
      expect(result.stderr).not.toMatch(/could not determine executable|unknown command|ERR_PARSE_ARGS/);
      if (command.includes(' verify ')) {
        // ghcr.io is not reachable here: the CLI runs, then fails on the network, not on usage.
        expect(result.status).toBe(1);
        expect(`${result.stdout}${result.stderr}`).toMatch(/ghcr\.io/);
        return;
      }
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout.trim().length).toBeGreaterThan(0);
    },
    60_000,
  );

  test("run --event previews the tag push of the README, not the clone's branch", () => {
    const result = sh(
      clone,
      'npx ghcr-kit run meta --event examples/events/tag-push.json --input images=ghcr.io/acme/app',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^version: rest-api-v1\.2\.3$/m);
  });
});

describe('the packed CLI in an empty directory', () => {
  let app = '';
  const cli = (...args: string[]) =>
    spawnSync(join(app, 'node_modules/.bin/ghcr-kit'), args, { cwd: app, encoding: 'utf8', env: offline });

  beforeAll(() => {
    const clone = freshClone();
    const pack = sh(clone, 'npm pack -w packages/cli');
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(clone).find((f) => /^ghcr-kit-cli-.+\.tgz$/.test(f));
    expect(tarball, pack.stdout).toBeDefined();
    // The pack cleans up what it copied into the package.
    for (const copied of ['dist', 'actions', 'action.yml'])
      expect(existsSync(join(clone, 'packages/cli', copied)), copied).toBe(false);
    app = mkdtempSync(join(tmpdir(), 'empty-'));
    const install = sh(app, `npm install --offline --no-audit --no-fund ${JSON.stringify(join(clone, tarball!))}`);
    expect(install.status, install.stderr).toBe(0);
  }, 300_000);

  test('needs no dependency: the package is all it installs', () => {
    expect(readdirSync(join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@ghcr-kit']);
  });

  test('--help', () => {
    const result = cli('--help');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ghcr-kit — offline previews/);
    expect(result.stdout).toContain('ghcr-kit doctor');
  });

  test('plan, outside any git checkout', () => {
    const result = cli('plan', '--repo', 'Acme/Widget', '--ref', 'refs/tags/v1.2.3', '--sha', 'a'.repeat(40));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('image:      ghcr.io/acme/widget');
    expect(result.stdout).toMatch(/ghcr\.io\/acme\/widget:1\.2\.3/);
  });

  test('tags', () => {
    const result = cli(
      'tags',
      '--repo',
      'acme/widget',
      '--ref',
      'refs/heads/feat/login',
      '--sha',
      'b'.repeat(40),
      '--images',
      'ghcr.io/acme/widget',
      '--tags',
      'type=ref,event=branch;type=sha',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).tags).toEqual([
      'ghcr.io/acme/widget:feat-login',
      'ghcr.io/acme/widget:sha-bbbbbbb',
    ]);
  });

  test('run finds the action bundles and action.yml defaults it carries', () => {
    const result = cli(
      'run',
      'meta',
      '--repo',
      'acme/widget',
      '--ref',
      'refs/tags/v2.0.0',
      '--sha',
      'c'.repeat(40),
      '--input',
      'images=ghcr.io/acme/widget',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^version: v2\.0\.0$/m);
  });
});
