import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { succeededJobs, type ActRun } from '../harness/act.ts';
import { platformLabels, TeamPipeline } from '../harness/team-pipeline.ts';

// Developer Mesh (examples/teams/developer-mesh): four services through publish.yml, run by
// act on this host for the events the team's write-up names, each checked in the registry
// right after its run. Left out under act: the Trivy scan and the SBOM (downloads, GitHub's
// APIs; the payload's "act": true turns them off) and the provenance attestation (act has no
// OIDC token; the attest job skips with a notice, asserted below).
const SERVICES = ['edge-mcp', 'rest-api', 'worker', 'mockserver'];
const WORKFLOW = 'docker-publish.yml';
const repositoryOf = (service: string) => `s-corkum/developer-mesh-${service}`;
let team: TeamPipeline;
let base: string;
let head: string;

beforeAll(async () => {
  team = await TeamPipeline.start('developer-mesh', { owner: 'S-Corkum', name: 'developer-mesh' });
  base = team.repo.head();
  head = team.repo.change({ 'apps/worker/service.txt': 'worker, with a fix\n' }, 'worker: a fix');
});
afterAll(async () => {
  await team?.stop();
});

describe('Developer Mesh: a pull request', () => {
  let run: ActRun;
  beforeAll(async () => {
    run = await team.run('pull_request', WORKFLOW, {
      number: 42,
      pull_request: { number: 42, head: { ref: 'feat/queue-retry', sha: head }, base: { ref: 'main', sha: base } },
    });
  });

  test('builds only the service it changed, on both platforms, and pushes nothing', async () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    const jobs = succeededJobs(run.output);
    expect(jobs.filter((job) => job.includes('/build '))).toEqual([
      'images/publish/build worker linux/amd64',
      'images/publish/build worker linux/arm64',
    ]);
    expect(jobs.filter((job) => job.includes('/merge '))).toEqual([]);
    for (const service of SERVICES) expect(await team.tags(repositoryOf(service)), service).toEqual([]);
  });
});

describe('Developer Mesh: a version tag', () => {
  let run: ActRun;
  beforeAll(async () => {
    run = await team.run('push', WORKFLOW, { ref: 'refs/tags/v1.2.3', before: base, after: head });
  });

  test('gives every image v1.2.3, 1.2.3, 1.2, 1 and the bare short sha, as a two-platform index', async () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    for (const service of SERVICES) {
      const repository = repositoryOf(service);
      expect(await team.tags(repository), repository).toEqual(['1', '1.2', '1.2.3', head.slice(0, 7), 'v1.2.3'].sort());
      const image = await team.image(repository, 'v1.2.3');
      expect(Object.keys(image.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
      expect(Object.keys(image.platforms['linux/arm64']!.files)).toEqual(['srv/service-arm64.txt']);
      expect(image.platforms['linux/arm64']!.files['srv/service-arm64.txt']).toMatch(new RegExp(`^${service}\\b`));
    }
  });

  test('each image carries the OCI labels and the VERSION, COMMIT_SHA and BUILD_DATE build args', async () => {
    for (const service of SERVICES) {
      const image = await team.image(repositoryOf(service), '1.2.3');
      for (const [platform, labels] of Object.entries(platformLabels(image))) {
        expect(labels, `${service} ${platform}`).toMatchObject({
          'org.opencontainers.image.source': 'https://github.com/S-Corkum/developer-mesh',
          'org.opencontainers.image.revision': head,
          'org.opencontainers.image.version': 'v1.2.3',
          'mesh.build.version': 'v1.2.3',
          'mesh.build.commit': head,
        });
        expect(labels['mesh.build.date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        expect(labels['mesh.build.date']).toBe(labels['org.opencontainers.image.created']);
      }
    }
  });

  test('what act cannot run is left out visibly: no scan job, and attest skips with its notice', () => {
    const jobs = succeededJobs(run.output);
    expect(jobs.filter((job) => job.includes('/scan '))).toEqual([]);
    expect(jobs.filter((job) => job.includes('/attest '))).toHaveLength(SERVICES.length);
    expect(run.output).toContain('attest skipped: act provides no OIDC token');
  });
});

describe('Developer Mesh: a manual run on main with a tag', () => {
  let run: ActRun;
  beforeAll(async () => {
    run = await team.run('workflow_dispatch', WORKFLOW, { ref: 'refs/heads/main', inputs: { tag: 'hotfix-42' } });
  });

  test('adds its own tag beside latest, main and the short sha, on the same index', async () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    for (const service of SERVICES) {
      const repository = repositoryOf(service);
      expect(await team.tags(repository), repository).toEqual(
        ['1', '1.2', '1.2.3', head.slice(0, 7), 'hotfix-42', 'latest', 'main', 'v1.2.3'].sort(),
      );
      const manual = await team.image(repository, 'hotfix-42');
      expect(manual.digest).toBe((await team.image(repository, 'latest')).digest);
      expect(Object.keys(manual.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
      expect(platformLabels(manual)['linux/amd64']!['mesh.build.version']).toBe('main');
    }
  });
});
