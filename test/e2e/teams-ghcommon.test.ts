import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { succeededJobs, type ActRun } from '../harness/act.ts';
import { TeamPipeline } from '../harness/team-pipeline.ts';

// ghcommon (examples/teams/ghcommon): an organization's reusable release workflow around
// publish.yml, with its own Trivy image and source scans and the Syft SBOM, run by act on a
// version tag of the organization's own repository. The scans run for real: Trivy and Syft
// from the tool cache (on the runner's PATH, `vars.SCANNERS_ON_PATH`) and the fixture DB from
// a local mirror (`vars.TRIVY_DB_REPOSITORY`). Left out under act: the SARIF upload and the
// reports artifact (the payload's "act": true), and the provenance and SBOM attestations (act
// has no OIDC token; attest skips with a notice, asserted below).
let team: TeamPipeline;
let head: string;
let run: ActRun;

beforeAll(async () => {
  team = await TeamPipeline.start('ghcommon', { owner: 'jdfalk', name: 'ghcommon' }, { ghcr: true });
  head = team.repo.head();
  run = await team.run('push', 'release.yml', { ref: 'refs/tags/v1.4.0', after: head }, await team.scannerRunner());
});
afterAll(async () => {
  await team?.stop();
});

/** The log lines of one job, by the last part of act's `[…/job]` prefix. */
const jobLines = (job: string) =>
  run.output
    .split('\n')
    .filter((line) => new RegExp(`^\\[[^\\]]*/${job}\\s*\\]`).test(line))
    .join('\n');

describe('ghcommon: a version tag through the organization release workflow', () => {
  test('every job of the release succeeds', () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    const jobs = succeededJobs(run.output);
    const expected = [
      'publish/build app linux/amd64',
      'publish/build app linux/arm64',
      'publish/merge app',
      'reusable-release/scan-image',
      'reusable-release/scan-source',
    ];
    for (const job of expected)
      expect(
        jobs.some((name) => name.endsWith(job)),
        `${job} in ${jobs.join(', ')}`,
      ).toBe(true);
  });

  test('the image has the organization tag scheme on both platforms', async () => {
    expect(await team.tags('jdfalk/ghcommon')).toEqual(['1.4', '1.4.0', 'latest', `sha-${head}`].sort());
    const image = await team.image('jdfalk/ghcommon', '1.4.0');
    expect(Object.keys(image.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
  });

  test('Trivy scanned both platforms and the source tree, from the DB mirror; the HIGH gate passed', () => {
    const image = jobLines('scan-image');
    const source = jobLines('scan-source');
    for (const lines of [image, source]) {
      expect(lines).toContain(`vulnerability DB: downloaded from ${team.registry.host}/mirror/trivy-db:2`);
      expect(lines).toMatch(/trivy from PATH sha256 [0-9a-f]{64}/);
      expect(lines).toContain('gate passed: fail-on: HIGH');
    }
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      expect(image).toMatch(new RegExp(`jdfalk/ghcommon@sha256:[0-9a-f]{64} ${platform}: 0 finding\\(s\\)`));
    }
    expect(image).toMatch(/::set-output:: sbom=\S+-linux-amd64\.spdx\.json$/m);
    expect(source).toMatch(/^\S+\s+\|\s+\.: 0 finding\(s\)/m);
  });

  test('provenance and the SBOM attestation skip visibly under act', () => {
    expect(run.output.match(/attest skipped: act provides no OIDC token/g)).toHaveLength(2);
  });
});
