import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { isolatedBuildahEnv } from '../harness/buildah-storage.ts';
import { readEnvFile, runAction } from '../harness/run-action.ts';

// The runner keeps what a main step saves (GITHUB_STATE) and hands it to the post step as
// STATE_<name>. https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
test('the build keeps its secret files for the post step, which removes them even after a failed build', () => {
  const work = mkdtempSync(join(tmpdir(), 'ghcr-kit-build-post-'));
  const context = join(work, 'ctx');
  mkdirSync(context);
  // A build that fails after the secret files exist: the post step must still clean up.
  writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY missing.txt /\n');
  const state = join(work, 'state');
  writeFileSync(state, '');
  const env = {
    ...isolatedBuildahEnv(work),
    GITHUB_STATE: state,
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
  };

  const run = runAction('build', { engine: 'buildah', context, secrets: 'npm_token=s3cr3t', tags: 'app:1' }, env);
  expect(run.status).not.toBe(0);
  const secretDir = readEnvFile(state)['secret-dir'] ?? '';
  expect(secretDir).not.toBe('');
  expect(readdirSync(secretDir).length).toBeGreaterThan(0);
  for (const file of readdirSync(secretDir)) expect(statSync(join(secretDir, file)).mode & 0o777).toBe(0o600);

  const post = runAction('build', {}, { 'STATE_secret-dir': secretDir }, { script: 'post.js' });
  expect(post.status).toBe(0);
  expect(existsSync(secretDir)).toBe(false);
});
