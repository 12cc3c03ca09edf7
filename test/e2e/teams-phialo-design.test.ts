import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RegistryClient } from '../../packages/core/src/registry/index.ts';
import { succeededJobs, type ActRun } from '../harness/act.ts';
import { pushMultiArch } from '../harness/multi-arch-image.ts';
import { plannedDeletions, shortDigest, TeamPipeline } from '../harness/team-pipeline.ts';

// Phialo Design (examples/teams/phialo-design): the CI, dev and production images through
// publish.yml and the cleanup after each build on main, run by act against the GHCR
// simulator (Packages API and /v2/) in front of a local registry, checked in the registry.
// The scan runs for real, as on the team's self-hosted runners: Trivy and Syft from the tool
// cache, the fixture vulnerability DB on a local mirror. Left out under act: the SARIF upload
// (no code scanning), the artifacts (act 0.2.89's server refuses @actions/artifact 6) and
// provenance (act has no OIDC token; the attest job skips with a notice).
const IMAGES = { ci: 'barde/phialoastro-ci', dev: 'barde/phialoastro-dev', prod: 'barde/phialoastro' };
// 2024-06-28 14:30:22 UTC: SOURCE_DATE_EPOCH drives {{date}}, so the date tags are known.
const EPOCH = '1719585022';
const DAY = 86_400_000;
let team: TeamPipeline;
let head: string;

beforeAll(async () => {
  team = await TeamPipeline.start('phialo-design', { owner: 'barde', name: 'phialoastro' }, { ghcr: true });
  head = team.repo.head();
});
afterAll(async () => {
  await team?.stop();
});

describe('Phialo Design: a push to main', () => {
  let run: ActRun;
  beforeAll(async () => {
    const scanners = await team.scannerRunner();
    run = await team.run(
      'push',
      'docker-images.yml',
      { ref: 'refs/heads/main', after: head },
      { vars: scanners.vars, env: { ...scanners.env, SOURCE_DATE_EPOCH: EPOCH } },
    );
  });

  test('gives the three images latest, main, main-<sha>, sha-<long> and both date tags', async () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    const expected = [
      '20240628',
      '20240628-143022',
      'latest',
      'main',
      `main-${head.slice(0, 7)}`,
      `sha-${head}`,
    ].sort();
    for (const repository of Object.values(IMAGES)) expect(await team.tags(repository), repository).toEqual(expected);
  });

  test('each image is an amd64 + arm64 index built from its own Dockerfile', async () => {
    const marker = { ci: 'ci/toolchain', dev: 'dev/tools', prod: 'srv/site' };
    for (const [name, repository] of Object.entries(IMAGES)) {
      const image = await team.image(repository, 'latest');
      expect(Object.keys(image.platforms).sort(), repository).toEqual(['linux/amd64', 'linux/arm64']);
      for (const arch of ['amd64', 'arm64']) {
        expect(Object.keys(image.platforms[`linux/${arch}`]!.files)).toEqual([
          `${marker[name as keyof typeof marker]}-${arch}.txt`,
        ]);
      }
    }
  });

  test('the cleanup after the build ran for real and left every image whole', async () => {
    expect(succeededJobs(run.output)).toContain('cleanup/cleanup/cleanup');
    expect(run.output).toContain('barde/phialoastro: 3 versions');
    for (const repository of Object.values(IMAGES)) {
      const image = await team.image(repository, `sha-${head}`);
      expect(Object.keys(image.platforms).sort(), repository).toEqual(['linux/amd64', 'linux/arm64']);
    }
  });

  test("cache: registry puts each image's cache in <image>/buildcache, none of it in the image", async () => {
    // act's runner has no Docker, so engine: auto builds with buildah, whose cache is one
    // content-hash tag per layer in a repository of its own (README, build).
    for (const repository of Object.values(IMAGES)) {
      const cacheTags = await team.tags(`${repository}/buildcache`);
      expect(cacheTags.length, repository).toBeGreaterThan(0);
      for (const tag of cacheTags) expect(tag, repository).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(run.output).toContain(`registry layer cache ${team.host}/${IMAGES.prod}/buildcache`);
  });

  test('every image is scanned on both platforms with the DB mirror, an SPDX SBOM each, and no gate', () => {
    const jobs = succeededJobs(run.output);
    for (const name of Object.keys(IMAGES)) expect(jobs, name).toContain(`images/publish/scan ${name}`);
    const scanLog = (name: string) =>
      run.output
        .split('\n')
        .filter((line) => line.startsWith(`[images/publish/scan ${name}-`))
        .join('\n');
    for (const [name, repository] of Object.entries(IMAGES)) {
      const log = scanLog(name);
      expect(log, name).toMatch(/vulnerability DB: downloaded from 127\.0\.0\.1:\d+\/mirror\/trivy-db:2/);
      for (const arch of ['amd64', 'arm64']) {
        expect(log, name).toMatch(new RegExp(`${repository}@sha256:[0-9a-f]{64} linux/${arch}: \\d+ finding\\(s\\)`));
      }
      expect(log, name).toMatch(new RegExp(`sbom=\\S+/01-${repository.replace('/', '-')}-linux-amd64\\.spdx\\.json`));
      // Findings are reported, never a reason to stop the build (fail-on: none).
      expect(log, name).toContain('gate passed: no gate (fail-on: none)');
      // act's artifact server refuses the reports at once: one notice, no retries.
      expect(log.match(/Reports artifact not uploaded: act's artifact server refuses/g) ?? [], name).toHaveLength(1);
      expect(log, name).not.toMatch(/Attempt \d of 5 failed/);
    }
  });
});

describe('Phialo Design: the cleanup by hand, after months of builds', () => {
  let oldest: string[];
  let loose: string;
  let dryRun: ActRun;
  beforeAll(async () => {
    // Six older dated builds, oldest first, and one untagged image, as weeks of builds leave them.
    const oci = new RegistryClient({ registry: team.host });
    oldest = [];
    for (let week = 1; week <= 6; week++) {
      const pushed = await pushMultiArch(oci, IMAGES.prod, `2024060${week}`);
      team.age('phialoastro', pushed, (10 - week) * 7 * DAY);
      oldest.push(pushed.index);
    }
    const untagged = await pushMultiArch(oci, IMAGES.prod, undefined);
    team.age('phialoastro', untagged, 3 * DAY);
    loose = untagged.index;
    // Inputs are strings in a workflow_dispatch payload, as GitHub sends them.
    dryRun = await team.run('workflow_dispatch', 'cleanup.yml', { inputs: { 'dry-run': 'true' } });
  });

  test('the dry run (the default by hand) deletes nothing', async () => {
    expect(dryRun.code, dryRun.output.slice(-4000)).toBe(0);
    // act's artifact server refuses the plan artifact: said once, at once, the plan is in the log.
    expect(dryRun.output.match(/plan artifact not uploaded: act's artifact server refuses/g)).toHaveLength(1);
    const tags = ['20240601', '20240602', '20240603', '20240604', '20240605', '20240606', 'latest'];
    expect(await team.tags(IMAGES.prod)).toEqual(expect.arrayContaining(tags));
    expect(await team.image(IMAGES.prod, loose)).toBeDefined();
  });

  test('its plan deletes the untagged image and the tagged ones beyond the five newest (keep-n-tagged)', () => {
    const planned = plannedDeletions(dryRun.output);
    // Seven tagged images (today's build and six dated ones): the two oldest go, with their parts.
    expect(planned.images).toEqual([loose, ...oldest.slice(0, 2)].map(shortDigest).sort());
    expect(planned.rows).toBe(3 * 5);
  });
});
