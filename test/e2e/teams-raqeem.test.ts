import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { headManifest, RegistryClient } from '../../packages/core/src/registry/index.ts';
import { type ActRun } from '../harness/act.ts';
import { pushMultiArch } from '../harness/multi-arch-image.ts';
import { TeamPipeline } from '../harness/team-pipeline.ts';
import { pushVulnerableImage } from '../harness/vulnerable-image.ts';

// Raqeem (examples/teams/raqeem): two Go services whose Dockerfiles name their base image's
// registry, through publish.yml, and the three-age retention, run by act against the GHCR
// simulator in front of a local registry. The base image comes from the registry the FROM
// line names (here the local registry, through the BASE_REGISTRY build arg), never from an
// implicit Docker Hub lookup. Left out under act: the scan and SBOM (the payload's
// "act": true) and provenance (no OIDC token); the gha cache (buildah has no gha backend,
// and the build says so in its summary).
const SERVICES = ['devices-backend', 'mentor-backend'];
const repositoryOf = (service: string) => `mj-nehme/raqeem/${service}`;
const DAY = 86_400_000;
let team: TeamPipeline;
let head: string;
const vars = () => ({ BASE_REGISTRY: team.registry.host });

beforeAll(async () => {
  team = await TeamPipeline.start('raqeem', { owner: 'mj-nehme', name: 'raqeem' }, { ghcr: true });
  // The base both Dockerfiles name: an Alpine-like image with real layers.
  await pushVulnerableImage(team.registry.host, 'library/alpine', '3.20', ['linux/amd64']);
  head = team.repo.head();
});
afterAll(async () => {
  await team?.stop();
});

describe('Raqeem: a push to main, a release and a pull request from the repository', () => {
  const runs = {} as Record<'main' | 'release' | 'pr', ActRun>;
  beforeAll(async () => {
    runs.main = await team.run('push', 'ci.yml', { ref: 'refs/heads/main', after: head }, { vars: vars() });
    runs.release = await team.run('push', 'ci.yml', { ref: 'refs/tags/v0.2.0', after: head }, { vars: vars() });
    const fix = team.repo.change(
      { 'devices/backend/app.txt': 'devices backend, battery fix\n' },
      'devices: battery fix',
    );
    runs.pr = await team.run(
      'pull_request',
      'ci.yml',
      {
        number: 7,
        pull_request: {
          number: 7,
          head: { ref: 'fix/battery', sha: fix, repo: { full_name: 'mj-nehme/raqeem' } },
          base: { ref: 'main', sha: head },
        },
      },
      { vars: vars() },
    );
  });

  test('every run succeeds', () => {
    for (const [event, run] of Object.entries(runs)) expect(run.code, `${event}\n${run.output.slice(-4000)}`).toBe(0);
  });

  test('the gha cache is left out visibly: buildah has no such backend, and the build says so', () => {
    expect(runs.main.output).toContain('cache: no cache: buildah has no GitHub Actions cache backend');
  });

  test('each service has main, main-<sha>, v0.2.0, v0.2 and latest; pr-7 only where the PR changed it', async () => {
    const released = ['latest', 'main', `main-${head.slice(0, 7)}`, 'v0.2', 'v0.2.0'];
    expect(await team.tags(repositoryOf('devices-backend'))).toEqual([...released, 'pr-7'].sort());
    expect(await team.tags(repositoryOf('mentor-backend'))).toEqual(released.sort());
  });

  test('the image is built on the base its FROM line names, with the registry prefix', async () => {
    const base = await team.image('library/alpine', '3.20');
    for (const service of SERVICES) {
      const image = await team.image(repositoryOf(service), 'v0.2.0');
      const amd64 = image.platforms['linux/amd64']!;
      expect(Object.keys(image.platforms), service).toEqual(['linux/amd64']);
      expect(amd64.files).toMatchObject({
        ...base.platforms['linux/amd64']!.files,
        [`srv/${service}.txt`]: `${service.replace('-', ' ')}\n`,
      });
    }
  });
});

describe('Raqeem: the daily retention', () => {
  const pushed = {} as Record<
    'release' | 'mainOld' | 'mainRecent' | 'prOld' | 'prRecent' | 'untagged',
    { index: string; children: string[] }
  >;
  let run: ActRun;
  beforeAll(async () => {
    const oci = new RegistryClient({ registry: team.host });
    const repository = repositoryOf('devices-backend');
    const seed = async (key: keyof typeof pushed, tag: string | undefined, days: number) => {
      pushed[key] = await pushMultiArch(oci, repository, tag);
      team.age('raqeem/devices-backend', pushed[key], days * DAY);
    };
    await seed('release', 'v0.1.0', 400);
    await seed('mainOld', 'main-0ld0001', 120);
    await seed('mainRecent', 'main-4ecent1', 30);
    await seed('prOld', 'pr-3', 9);
    await seed('prRecent', 'pr-6', 2);
    await seed('untagged', undefined, 2);
    run = await team.run('schedule', 'retention.yml', {});
  });

  test('releases stay forever, main builds 90 days, pull requests 7 days, untagged a day', async () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    const tags = await team.tags(repositoryOf('devices-backend'));
    expect(tags).toEqual(
      ['latest', 'main', `main-${head.slice(0, 7)}`, 'main-4ecent1', 'pr-6', 'pr-7', 'v0.1.0', 'v0.2', 'v0.2.0'].sort(),
    );
    // The mentor backend had nothing old enough to go.
    expect(await team.tags(repositoryOf('mentor-backend'))).toHaveLength(5);
  });

  test('deleted images are gone whole, kept ones are whole, in the registry itself', async () => {
    const registry = new RegistryClient({ registry: team.registry.host });
    const repository = repositoryOf('devices-backend');
    for (const key of ['mainOld', 'prOld', 'untagged'] as const) {
      for (const digest of [pushed[key].index, ...pushed[key].children]) {
        expect(await headManifest(registry, repository, digest), `${key} ${digest}`).toBeUndefined();
      }
    }
    for (const key of ['release', 'mainRecent', 'prRecent'] as const) {
      const image = await team.image(repository, pushed[key].index);
      expect(Object.keys(image.platforms).sort(), key).toEqual(['linux/amd64', 'linux/arm64']);
    }
  });
});
