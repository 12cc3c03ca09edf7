import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeDocker } from '../harness/fake-docker.ts';
import { REPO_ROOT, runAction } from '../harness/run-action.ts';
import {
  IIDFILE,
  METADATA,
  SECRET,
  UPSTREAM_ENV,
  UPSTREAM_PAYLOAD,
  UPSTREAM_ROWS,
  type UpstreamRow,
} from '../fixtures/build/upstream/getargs-rows.ts';

// The same 39 rows as test/unit/build/upstream-getargs.test.ts, through dist/build/index.js run
// as a runner runs it: INPUT_* variables, the upstream run's environment and event payload.
const BUNDLE = join(REPO_ROOT, 'dist/build/index.js');

function runRow(row: UpstreamRow) {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  const docker = fakeDocker(row.buildx);
  // Only upstream's inputs: our gha cache default stays out, as on any runner without the cache service.
  const run = runAction(
    'build',
    row.inputs,
    {
      ...UPSTREAM_ENV,
      ...row.env,
      PATH: `${docker.bin}:${process.env.PATH ?? ''}`,
    },
    { payload: UPSTREAM_PAYLOAD },
  );
  const build = docker.calls().find((args) => args[0] === 'buildx' && args[1] === 'build');
  return { run, args: build ? normalize(build.slice(1), run.dir) : undefined };
}

/** Our file paths become upstream's placeholders: the image id file, the metadata file, secret files we wrote. */
function normalize(args: string[], runnerTemp: string): string[] {
  return args.map((arg, i) => {
    if (args[i - 1] === '--iidfile') return IIDFILE;
    if (args[i - 1] === '--metadata-file') return METADATA;
    if (args[i - 1] === '--secret' && arg.includes(`src=${runnerTemp}/`))
      return arg.replace(/src=.*$/, `src=${SECRET}`);
    return arg;
  });
}

describe('docker/build-push-action v7.3.0 getArgs rows, through the dist/build bundle', () => {
  it('the bundle stays within its budget (150 KB)', () => {
    expect(statSync(BUNDLE).size).toBeLessThanOrEqual(150 * 1024);
  });

  it.each(UPSTREAM_ROWS.filter((r) => !r.differs).map((r) => [r.row, r] as const))(
    "row %i: docker gets upstream's arguments",
    (_n, row) => {
      const { run, args } = runRow(row);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(args).toEqual(row.expected);
    },
  );

  it('row 9: each line of a quoted multi-line secret is masked before the build starts', () => {
    const { run } = runRow(UPSTREAM_ROWS.find((r) => r.row === 9)!);
    const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    for (const part of ['aaaaaaaa', 'bbbbbbb', 'ccccccccc', 'bar', 'bbbb', 'ccc'])
      expect(masks).toContain(`::add-mask::${part}`);
    expect(run.stdout.indexOf('::add-mask::bbbbbbb\n')).toBeLessThan(run.stdout.indexOf('[command]'));
  });

  it('row 10: the malformed secret fails the step naming secrets; nothing is built and no value is printed', () => {
    const { run, args } = runRow(UPSTREAM_ROWS.find((r) => r.row === 10)!);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::input "secrets": a line is not id=value/);
    // The runner hides masked values; what the step prints besides its ::add-mask:: lines must not hold them.
    const printed = (run.stdout + run.stderr).split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toMatch(/bbbbbbb|aaaaaaaa|0123456789/);
    expect(args).toBeUndefined();
  });
});
