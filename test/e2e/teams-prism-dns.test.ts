import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RegistryClient } from '../../packages/core/src/registry/index.ts';
import { succeededJobs, type ActRun } from '../harness/act.ts';
import { pushMultiArch } from '../harness/multi-arch-image.ts';
import { plannedDeletions, shortDigest, TeamPipeline } from '../harness/team-pipeline.ts';
import { pushVulnerableImage } from '../harness/vulnerable-image.ts';

// Prism DNS (examples/teams/prism-dns): three images with change detection, promotion behind
// the Trivy gate, and the weekly cleanup, run by act against the GHCR simulator in front of a
// local registry. The gate scans for real: Trivy and Syft from the tool cache (the runner has
// them on PATH, `vars.SCANNERS_ON_PATH`) and the fixture vulnerability DB from a local mirror
// (`vars.TRIVY_DB_REPOSITORY`). Left out under act: the build-time scan with its SARIF upload
// (the payload's "act": true) and provenance (no OIDC token).
const OWNER = 'prism-ops';
const repositoryOf = (image: string) => `${OWNER}/${image}`;
const DAY = 86_400_000;
let team: TeamPipeline;
let base: string;
let head: string;

beforeAll(async () => {
  team = await TeamPipeline.start('prism-dns', { owner: OWNER, name: 'prism-dns' }, { ghcr: true });
  base = team.repo.head();
  head = team.repo.change({ 'web/index.html': 'prism web, new dashboard\n' }, 'web: new dashboard');
});
afterAll(async () => {
  await team?.stop();
});

describe('Prism DNS: a push to develop that changes only the web interface', () => {
  let run: ActRun;
  beforeAll(async () => {
    run = await team.run('push', 'build-and-publish.yml', { ref: 'refs/heads/develop', before: base, after: head });
  });

  test('builds and pushes only prism-web, as develop and develop-<sha>', async () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    expect(succeededJobs(run.output).filter((job) => job.includes('/merge '))).toEqual(['images/publish/merge web']);
    expect(await team.tags(repositoryOf('prism-web'))).toEqual(['develop', `develop-${head.slice(0, 7)}`]);
    expect(await team.tags(repositoryOf('prism-server'))).toEqual([]);
    expect(await team.tags(repositoryOf('prism-client'))).toEqual([]);
    const web = await team.image(repositoryOf('prism-web'), 'develop');
    expect(Object.keys(web.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(web.platforms['linux/amd64']!.files).toEqual({ 'www/index-amd64.html': 'prism web, new dashboard\n' });
  });
});

describe('Prism DNS: a published release', () => {
  let run: ActRun;
  beforeAll(async () => {
    run = await team.run('release', 'build-and-publish.yml', {
      action: 'published',
      release: { tag_name: 'v1.2.3', prerelease: false, draft: false },
    });
  });

  test('builds every image and tags it v1.2.3, on both platforms', async () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    for (const image of ['prism-server', 'prism-client'])
      expect(await team.tags(repositoryOf(image)), image).toEqual(['v1.2.3']);
    expect(await team.tags(repositoryOf('prism-web'))).toEqual(['develop', `develop-${head.slice(0, 7)}`, 'v1.2.3']);
    const server = await team.image(repositoryOf('prism-server'), 'v1.2.3');
    expect(Object.keys(server.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(server.platforms['linux/arm64']!.config.config?.Labels?.['org.opencontainers.image.version']).toBe('v1.2.3');
  });
});

describe('Prism DNS: promotion behind the HIGH/CRITICAL gate', () => {
  let clean: ActRun;
  let vulnerable: ActRun;
  beforeAll(async () => {
    // A client build whose packages have the fixture DB's HIGH and CRITICAL advisories.
    await pushVulnerableImage(team.host, repositoryOf('prism-client'), 'v1.1.0', ['linux/amd64']);
    const options = await team.scannerRunner();
    clean = await team.run(
      'workflow_dispatch',
      'promote.yml',
      { inputs: { image: 'prism-server', version: 'v1.2.3', to: 'staging' } },
      options,
    );
    vulnerable = await team.run(
      'workflow_dispatch',
      'promote.yml',
      { inputs: { image: 'prism-client', version: 'v1.1.0', to: 'production' } },
      options,
    );
  });

  test('a clean release is scanned for real and moves staging to its digest', async () => {
    expect(clean.code, clean.output.slice(-4000)).toBe(0);
    expect(clean.output).toContain(`vulnerability DB: downloaded from ${team.registry.host}/mirror/trivy-db:2`);
    expect(clean.output).toContain('gate passed: fail-on: HIGH');
    expect(await team.tags(repositoryOf('prism-server'))).toEqual(['staging', 'v1.2.3']);
    expect((await team.image(repositoryOf('prism-server'), 'staging')).digest).toBe(
      (await team.image(repositoryOf('prism-server'), 'v1.2.3')).digest,
    );
  });

  test('a build with HIGH and CRITICAL findings stops at the gate: production is not moved', async () => {
    expect(vulnerable.code).not.toBe(0);
    expect(succeededJobs(vulnerable.output)).not.toContain('promote/promote');
    expect(vulnerable.output).toMatch(
      /gate failed: 2 findings at or over fail-on: HIGH .*CVE-2099-1001 .*\(CRITICAL\)/,
    );
    expect(await team.tags(repositoryOf('prism-client'))).toEqual(['v1.1.0', 'v1.2.3']);
  });
});

describe('Prism DNS: the weekly cleanup, by hand as a dry run', () => {
  let dryRun: ActRun;
  let seeded: string[];
  let before: string[];
  beforeAll(async () => {
    // A protected main older than everything, then twelve commits of main, oldest first.
    const oci = new RegistryClient({ registry: team.host });
    seeded = [];
    const main = await pushMultiArch(oci, repositoryOf('prism-server'), 'main');
    team.age('prism-server', main, 200 * DAY);
    for (let n = 12; n >= 1; n--) {
      const pushed = await pushMultiArch(oci, repositoryOf('prism-server'), `main-c0ffee${n.toString(16)}`);
      team.age('prism-server', pushed, n * DAY);
      seeded.push(pushed.index);
    }
    before = await team.tags(repositoryOf('prism-server'));
    dryRun = await team.run('workflow_dispatch', 'cleanup-images.yml', { inputs: { 'dry-run': 'true' } });
  });

  test('plans to delete the tagged versions beyond the ten newest, never main, and deletes nothing', async () => {
    expect(dryRun.code, dryRun.output.slice(-4000)).toBe(0);
    expect(before).toHaveLength(12 + 3);
    expect(await team.tags(repositoryOf('prism-server'))).toEqual(before);
    // Fourteen tagged: v1.2.3 (also staging) is the newest, then twelve main-*, then main, protected.
    expect(plannedDeletions(dryRun.output).images).toEqual(seeded.slice(0, 3).map(shortDigest).sort());
  });
});
