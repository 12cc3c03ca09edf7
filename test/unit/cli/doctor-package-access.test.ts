import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkPackageAccess } from '../../../packages/cli/src/doctor/package-access.ts';
import { startGhcrSimulator, type GhcrSimulator } from '../../harness/ghcr-simulator.ts';

// A push to ghcr.io from a workflow fails with 403 when the package exists but is not the
// repository's: linked to another repository, or to none, without Actions access given. doctor
// asks GitHub's Packages API (here the local simulator) with a token that can read packages,
// or, inside a workflow, with that workflow's own token.

let sim: GhcrSimulator;
const DIGEST = `sha256:${'1'.repeat(64)}`;

beforeAll(async () => {
  sim = await startGhcrSimulator({
    tokens: {
      pat: { login: 'octocat', canListPackages: true },
      'job-token': { login: 'github-actions[bot]', repository: 'acme/app' },
    },
    owners: { acme: 'Organization', octocat: 'User' },
  });
  for (const name of ['app', 'shared', 'orphan', 'granted'])
    sim.addVersion('acme', name, { digest: DIGEST, tags: ['1.0'] });
  sim.linkPackage('acme', 'app', { repository: 'acme/app' });
  sim.linkPackage('acme', 'shared', { repository: 'acme/platform' });
  sim.linkPackage('acme', 'granted', { repository: 'acme/platform', actionsAccess: ['acme/app'] });
});
afterAll(() => sim.stop());

const check = (path: string, token = 'pat', workflowToken = false) =>
  checkPackageAccess(
    { registry: 'ghcr.io', repository: path },
    { token, baseUrl: sim.url, repository: 'acme/app', workflowToken },
  );

describe('doctor: the GHCR package behind an image', () => {
  test('linked to the repository: fine, it inherits access', async () => {
    expect(await check('acme/app')).toMatchObject({
      status: 'ok',
      message: 'linked to acme/app, whose workflows inherit access to it',
    });
  });

  test('linked to another repository: says so and how to give access', async () => {
    const finding = await check('acme/shared');
    expect(finding).toMatchObject({ status: 'fail', subject: 'ghcr.io/acme/shared' });
    expect(finding.message).toBe(
      'linked to acme/platform, not acme/app: pushes from acme/app fail with 403 unless it was given access',
    );
    expect(finding.fix).toMatch(/"Manage Actions access", add acme\/app with the Write role/);
  });

  test('linked to no repository', async () => {
    expect((await check('acme/orphan')).message).toBe(
      "linked to no repository: acme/app's workflows have no access unless given it",
    );
  });

  test('not there yet: a warning that the first push creates it', async () => {
    expect(await check('acme/new')).toMatchObject({
      status: 'warn',
      message: 'no such package yet, or the token cannot see it',
    });
  });

  test("with the workflow's own token, what the workflow can see is the answer", async () => {
    expect(await check('acme/granted', 'job-token', true)).toMatchObject({
      status: 'ok',
      message: "acme/app's workflows can see it (linked to acme/platform)",
    });
    const denied = await check('acme/shared', 'job-token', true);
    expect(denied).toMatchObject({ status: 'fail', message: "acme/app's workflows cannot see this package" });
  });

  test('a refused token fails with how to get one that reads packages', async () => {
    const finding = await check('acme/app', 'wrong');
    expect(finding.status).toBe('fail');
    expect(finding.fix).toMatch(/read:packages/);
  });

  test('asks read-only requests, nothing else', () => {
    expect(sim.requests.length).toBeGreaterThan(0);
    expect(new Set(sim.requests.map((r) => r.method))).toEqual(new Set(['GET']));
  });
});
