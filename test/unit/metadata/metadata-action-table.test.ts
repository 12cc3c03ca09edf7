import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testIO } from '../../harness/step-io.ts';
import { loadContext } from '../../../packages/core/src/context/index.ts';
import { metaStep } from '../../../packages/core/src/steps/meta/index.ts';
import type { GitHubApi } from '../../harness/github-api.ts';
import {
  actualFor,
  DIFFERENCES,
  EVENTS,
  expectedFor,
  runnerEnv,
  runnerInputs,
  startRepositoryApi,
  TABLE,
  TOKEN,
  type TableCase,
} from './metadata-action-table.ts';

let api: GitHubApi;
beforeAll(async () => {
  api = await startRepositoryApi();
});
afterAll(() => api.stop());

/** The meta step as runStep runs it: the context loaded from env and payload (and the API), then the step. */
async function runCore(row: TableCase): Promise<{ outputs: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'meta-table-'));
  const env: Record<string, string> = { ...runnerEnv(row, api.url), RUNNER_TEMP: dir };
  const payload = EVENTS[row.event]?.payload;
  if (payload) {
    env.GITHUB_EVENT_PATH = join(dir, 'event.json');
    writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(payload));
  }
  const { context } = await loadContext(env, { token: TOKEN });
  const result = await metaStep(testIO({ inputs: runnerInputs(row), env, context }));
  return { outputs: result.outputs };
}

describe("docker/metadata-action v6.2.0's meta.test.ts table, through the meta step", () => {
  const same = TABLE.filter((row) => !DIFFERENCES[row.id]);
  const differing = TABLE.filter((row) => DIFFERENCES[row.id]);

  test.each(same.map((row) => [row.id, row] as const))('%s answers as upstream', async (_id, row) => {
    const { outputs } = await runCore(row);
    expect(actualFor(row, outputs)).toEqual(expectedFor(row));
  });

  if (differing.length > 0) {
    test.each(differing.map((row) => [row.id, row] as const))(
      '%s differs on purpose, as documented',
      async (_id, row) => {
        const { outputs } = await runCore(row);
        const actual = actualFor(row, outputs);
        expect(actual).toEqual(expectedFor(row));
        expect(actual).not.toEqual(expectedFor({ ...row, id: '' }));
      },
    );
  }

  test('the table covers every row upstream has outside isRawStatement', () => {
    expect(TABLE).toHaveLength(131);
    expect(new Set(TABLE.map((row) => row.id)).size).toBe(TABLE.length);
  });
});
