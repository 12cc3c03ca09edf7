import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { publishStep } from '../../../packages/core/src/publish/index.ts';
import { checkPublishInputs } from '../../../packages/core/src/publish/check-inputs.ts';
import { testIO } from '../../harness/step-io.ts';

// publish as a runner starts it on a push to main; RUNNER_TEMP is where meta would write its
// bake files and build its digests, so an empty RUNNER_TEMP after a refusal means neither ran.
// The build context is that empty directory: a build that started would fail on the missing
// Dockerfile, not with an InputError.
const temps: string[] = [];
function publishIO(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const temp = mkdtempSync(join(tmpdir(), 'ghcr-kit-publish-inputs-'));
  temps.push(temp);
  const io = testIO({
    inputs: { engine: 'buildah', context: temp, ...inputs },
    env: {
      GITHUB_REPOSITORY: 'Octo-Org/Hello-World',
      GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      RUNNER_TEMP: temp,
      ...env,
    },
  });
  return { io, temp };
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('publish checks every step input before meta, build or scan does anything', () => {
  test.each([
    ['scan', { severity: 'maybe' }, 'severity', /"MAYBE" is not a Trivy severity/],
    ['scan', { 'scan-platforms': 'linux/amd65' }, 'platforms', /"amd65" is not a known architecture/],
    ['scan', { timeout: 'ten minutes' }, 'timeout', /is not a duration/],
    ['scan', { 'scan-cache': 'yes please' }, 'cache', /is not a boolean/],
    ['scan', { 'release-assets': 'true', 'github-token': '' }, 'github-token', /release-assets: true needs a token/],
    ['publish', { scan: 'maybe' }, 'scan', /is not a boolean/],
    ['build', { platforms: 'linux/amd65' }, 'platforms', /"amd65" is not a known architecture/],
    ['build', { 'no-cache': 'sometimes' }, 'no-cache', /is not a boolean/],
    ['build', { 'cache-from': 'type=gha,scope' }, 'cache-from', /"scope" is not a key=value field/],
    ['meta', { summary: 'maybe' }, 'summary', /is not a boolean/],
    ['meta', { tags: 'type=nope' }, 'tags', /nope/],
  ] as const)('a bad %s input (%j) fails naming %s; nothing is built or written', async (_, inputs, name, problem) => {
    const { io, temp } = publishIO(inputs);
    const error = await publishStep(io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(name);
    expect((error as InputError).message).toMatch(problem);
    // meta logs its tags and writes its bake files when it runs; build needs both first.
    expect(io.log.lines).toEqual([]);
    expect(readdirSync(temp)).toEqual([]);
  });

  test('with scan off, scan inputs are not checked, as scan does not run', async () => {
    const { io } = publishIO({ scan: 'false', severity: 'maybe' });
    await expect(checkPublishInputs(io)).resolves.toBeUndefined();
  });

  test('good inputs pass the check on a push and on a pull request, where nothing will be pushed', async () => {
    await expect(checkPublishInputs(publishIO({ severity: 'CRITICAL,HIGH' }).io)).resolves.toBeUndefined();
    const pr = publishIO({}, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/9/merge' });
    await expect(checkPublishInputs(pr.io)).resolves.toBeUndefined();
  });

  test('past the check, meta runs and the build starts, failing on the missing Dockerfile', async () => {
    const { io, temp } = publishIO({ platforms: 'linux/amd64' });
    const error = await publishStep(io).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(InputError);
    expect(String(error)).toMatch(/Dockerfile/);
    expect(readdirSync(temp)).toContain('docker-metadata-action-bake.json');
  });
});
