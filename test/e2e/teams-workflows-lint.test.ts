import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CallerRepo } from '../harness/caller-repo.ts';
import { REPO_ROOT } from '../harness/run-action.ts';
import { toolPath } from '../harness/tools.ts';

// The five teams' workflows (examples/teams/<team>/.github/workflows) pass actionlint (with
// shellcheck) and zizmor, each in a repository of its own: actionlint resolves a team's local
// reusable workflows (`uses: ./.github/workflows/…`) against that repository's root.
const TEAMS = readdirSync(join(REPO_ROOT, 'examples/teams'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
let work: string;
const repos: Record<string, CallerRepo> = {};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ghcr-kit-teams-lint-'));
  for (const team of TEAMS)
    repos[team] = CallerRepo.create(
      join(REPO_ROOT, 'examples/teams', team),
      join(work, team),
      `https://github.com/example/${team}.git`,
    );
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the teams\u2019 workflows', () => {
  test('are the five teams', () => {
    expect(TEAMS.sort()).toEqual(['developer-mesh', 'ghcommon', 'phialo-design', 'prism-dns', 'raqeem']);
  });

  test.each(TEAMS)('%s: actionlint (with shellcheck) finds nothing', async (team) => {
    const run = spawnSync(await toolPath('actionlint'), ['-shellcheck', 'shellcheck'], {
      cwd: repos[team]!.dir,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test.each(TEAMS)(
    '%s: zizmor finds nothing (with the kit\u2019s @v0 self-references allowed, as in examples/)',
    async (team) => {
      const config = join(REPO_ROOT, '.github/zizmor.yml');
      const run = spawnSync(
        await toolPath('zizmor'),
        ['--offline', '--no-progress', '--config', config, '--format', 'plain', '.github/workflows'],
        { cwd: repos[team]!.dir, encoding: 'utf8' },
      );
      expect(run.status, run.stdout + run.stderr).toBe(0);
    },
  );
});
