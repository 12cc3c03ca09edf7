import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NODE24, REPO_ROOT } from '../harness/run-action.ts';

const cli = join(REPO_ROOT, 'dist/cli/index.js');
const machineNode = '/usr/bin/node';
const run = (node: string, args: string[]) =>
  spawnSync(node, [cli, ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', SOURCE_DATE_EPOCH: '1719585022' },
  });

describe('ghcr-kit CLI bundle', () => {
  const tagPush = [
    'tags',
    '--event',
    'push',
    '--ref',
    'refs/tags/v1.2.3',
    '--sha',
    '860c1904a1ce19322e91ac35af1ab07466440c37',
    '--repo',
    'Acme/Widget',
    '--images',
    'ghcr.io/Acme/Widget',
    '--tags',
    'type=semver,pattern={{version}};type=semver,pattern={{major}};type=sha',
    '--json',
  ];

  test('previews the tags a tag push would produce, with the action engine', () => {
    const result = run(NODE24, tagPush);
    expect(result.status, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.version).toBe('1.2.3');
    expect(body.tags).toEqual([
      'ghcr.io/acme/widget:1.2.3',
      'ghcr.io/acme/widget:1',
      'ghcr.io/acme/widget:sha-860c190',
      'ghcr.io/acme/widget:latest',
    ]);
    expect(body.buildArgs.VERSION).toBe('1.2.3');
  });

  test.runIf(existsSync(machineNode))('gives the same answer under the machine Node as under Node 24', () => {
    const ours = run(machineNode, tagPush);
    expect(ours.status, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(run(NODE24, tagPush).stdout);
  });

  test('--explain says why a rule produced nothing', () => {
    const result = run(NODE24, [
      'tags',
      '--event',
      'push',
      '--ref',
      'refs/heads/main',
      '--sha',
      'a'.repeat(40),
      '--repo',
      'acme/widget',
      '--tags',
      'type=semver,pattern={{version}};type=ref,event=branch',
      '--explain',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/type=semver,pattern=\{\{version\}\}\n\s+→ no tag: .+/);
    expect(result.stdout).toMatch(/type=ref,event=branch\n\s+→ main/);
  });

  test('plan previews the publish pipeline for a pull request without pushing', () => {
    const result = run(NODE24, ['plan', '--pr', '7', '--sha', 'b'.repeat(40), '--repo', 'Acme/Widget']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('image:      ghcr.io/acme/widget');
    expect(result.stdout).toContain('push:       no');
    expect(result.stdout).toMatch(/ghcr\.io\/acme\/widget:pr-7/);
  });

  test('a bad rule exits 2 with one line naming the input', () => {
    const result = run(NODE24, ['tags', '--tags', 'type=match,pattern=(', '--repo', 'a/b', '--sha', 'c'.repeat(40)]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/input "tags"/);
  });
});
