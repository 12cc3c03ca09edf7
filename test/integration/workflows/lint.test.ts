import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../unit/contracts/action-sources.ts';
import { toolPath } from '../../harness/tools.ts';
// @ts-expect-error: a plain .mjs script, typed by its use here
import { pinSelfReferences, releaseFiles } from '../../../scripts/release.mjs';

// actionlint (with shellcheck on every run: block) and zizmor over every workflow, every
// example and every action.yml. Zero findings; the few deliberate exceptions live in
// .github/zizmor.yml, each with its reason.

// Both at the versions scripts/install-tools.sh pins (.ci/run installs them first).
let ACTIONLINT = '';
let ZIZMOR = '';

const list = (dir: string) =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f))
    : [];
const workflows = [...list('.github/workflows'), ...list('examples')];
const actionFiles = [
  ...readdirSync(join(ROOT, 'actions'))
    .map((a) => join('actions', a, 'action.yml'))
    .filter((f) => existsSync(join(ROOT, f))),
  ...(existsSync(join(ROOT, 'action.yml')) ? ['action.yml'] : []),
];

beforeAll(async () => {
  ACTIONLINT = process.env.ACTIONLINT ?? (await toolPath('actionlint'));
  ZIZMOR = await toolPath('zizmor');
});

describe('workflow lint', () => {
  it('has the tools, so nothing is skipped quietly', () => {
    expect(existsSync(ACTIONLINT), `actionlint not found at ${ACTIONLINT}: run scripts/install-tools.sh`).toBe(true);
    // actionlint silently skips shell checks when shellcheck is missing.
    expect(
      spawnSync('shellcheck', ['--version']).status,
      'shellcheck is not installed (apt-get install shellcheck; .ci/run does it)',
    ).toBe(0);
    expect(workflows).toEqual(
      expect.arrayContaining([
        '.github/workflows/publish.yml',
        '.github/workflows/cleanup.yml',
        '.github/workflows/release.yml',
        'examples/single-image.yml',
      ]),
    );
  });

  it('actionlint (with shellcheck) finds nothing', () => {
    const run = spawnSync(ACTIONLINT, ['-shellcheck', 'shellcheck', '-format', '{{json .}}', ...workflows], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const findings = (
      JSON.parse(run.stdout || '[]') as Array<{ filepath: string; line: number; message: string; kind: string }>
    ).map((f) => `${f.filepath}:${f.line} [${f.kind}] ${f.message}`);
    expect(findings).toEqual([]);
    expect(run.status, run.stderr).toBe(0);
  });

  it('zizmor finds nothing in workflows, examples and action.yml files', () => {
    const run = spawnSync(
      ZIZMOR,
      [
        '--offline',
        '--no-progress',
        '--config',
        '.github/zizmor.yml',
        '--format',
        'json',
        ...workflows,
        ...actionFiles,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const findings = (
      JSON.parse(run.stdout || '[]') as Array<{
        ident: string;
        desc: string;
        locations: Array<{
          symbolic: { key: { Local?: { given_path?: string; verbatim_path?: string } } };
          concrete: { location: { start_point: { row: number } } };
        }>;
      }>
    ).map((f) => {
      const at = f.locations[0];
      const file = at?.symbolic.key.Local?.given_path ?? at?.symbolic.key.Local?.verbatim_path ?? '?';
      return `${file}:${(at?.concrete.location.start_point.row ?? -1) + 1} [${f.ident}] ${f.desc}`;
    });
    expect(findings).toEqual([]);
    // 0: clean. zizmor exits non-zero by finding severity; anything else is a crash.
    expect(run.status, run.stderr).toBe(0);
  });
  it('finds nothing in the files as a release pins them (scripts/release.mjs)', () => {
    // The same files with every self-reference pinned to one commit, as a release tag holds them.
    const dir = mkdtempSync(join(tmpdir(), 'released-'));
    for (const file of [...releaseFiles(ROOT), ...actionFiles, '.github/zizmor.yml']) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      if (/\.ya?ml$/.test(file))
        writeFileSync(
          join(dir, file),
          pinSelfReferences(readFileSync(join(ROOT, file), 'utf8'), '0123456789abcdef0123456789abcdef01234567'),
        );
      else cpSync(join(ROOT, file), join(dir, file));
    }
    const lint = spawnSync(ACTIONLINT, ['-shellcheck', 'shellcheck', ...workflows], { cwd: dir, encoding: 'utf8' });
    expect(lint.stdout, lint.stderr).toBe('');
    const zizmor = spawnSync(
      ZIZMOR,
      [
        '--offline',
        '--no-progress',
        '--config',
        '.github/zizmor.yml',
        '--format',
        'plain',
        ...workflows,
        ...actionFiles,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(zizmor.status, `${zizmor.stdout}${zizmor.stderr}`).toBe(0);
  });
});
