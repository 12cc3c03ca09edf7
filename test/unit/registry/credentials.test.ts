import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { credentialsForRegistry } from '../../../packages/core/src/registry/index.ts';

const job = { username: 'github-actions', password: 'ghs_jobtoken' };
const explicit = { username: 'robot', password: 'p4ss' };
const noConfig = { DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'docker-config-')) };

test('ghcr.io gets the job token when no username/password is set', () => {
  expect(credentialsForRegistry('ghcr.io', { github: job }, noConfig).credentials).toEqual(job);
});

test('explicit credentials win on ghcr.io', () => {
  expect(credentialsForRegistry('ghcr.io', { github: job, explicit }, noConfig).credentials).toEqual(explicit);
});

test('the job token is never offered to another registry', () => {
  expect(credentialsForRegistry('registry.example.com', { github: job }, noConfig).credentials).toBeUndefined();
});

test('another registry uses its docker login first, then explicit credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ auths: { 'registry.example.com': { auth: Buffer.from('stored:secret').toString('base64') } } }),
  );
  expect(
    credentialsForRegistry('registry.example.com', { github: job, explicit }, { DOCKER_CONFIG: dir }).credentials,
  ).toEqual({ username: 'stored', password: 'secret' });
  expect(
    credentialsForRegistry('other.example.com', { github: job, explicit }, { DOCKER_CONFIG: dir }).credentials,
  ).toEqual(explicit);
});
