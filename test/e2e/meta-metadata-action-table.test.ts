import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GitHubApi } from '../harness/github-api.ts';
import { REPO_ROOT, runActionAsync } from '../harness/run-action.ts';
import {
  actualFor,
  DIFFERENCES,
  EVENTS,
  expectedFor,
  runnerEnv,
  runnerInputs,
  startRepositoryApi,
  TABLE,
} from '../unit/metadata/metadata-action-table.ts';

// The bundle is built by `npm run build` (CI builds it before the tests; dist/ is committed).
let api: GitHubApi;
beforeAll(async () => {
  expect(existsSync(`${REPO_ROOT}/dist/meta/index.js`), 'run `npm run build` first').toBe(true);
  api = await startRepositoryApi();
});
afterAll(() => api.stop());

describe("docker/metadata-action v6.2.0's meta.test.ts table, through dist/meta/index.js as the runner runs it", () => {
  test.each(TABLE.map((row) => [row.id, row] as const))('%s', async (id, row) => {
    const payload = EVENTS[row.event]?.payload;
    const run = await runActionAsync('meta', runnerInputs(row), runnerEnv(row, api.url), payload ? { payload } : {});
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const actual = actualFor(row, run.outputs);
    expect(actual).toEqual(expectedFor(row));
    if (DIFFERENCES[id]) expect(actual).not.toEqual(expectedFor({ ...row, id: '' }));
  });
});
