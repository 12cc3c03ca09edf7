import { describe, expect, it } from 'vitest';
import { chooseEngine, parseBuilderInspect } from '../../../packages/core/src/build/index.ts';

// `docker buildx inspect` of a remote builder, as buildx 0.17 prints it.
const INSPECT = `Name:          remote-kit
Driver:        remote
Last Activity: 2024-06-28 14:30:22 +0000 UTC

Nodes:
Name:             remote-kit0
Endpoint:         unix:///run/buildkit/buildkitd.sock
Status:           running
BuildKit version: v0.16.0
Platforms:        linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/386
`;

describe('engine choice', () => {
  it('reads the builder', () => {
    expect(parseBuilderInspect(INSPECT)).toEqual({
      name: 'remote-kit',
      driver: 'remote',
      buildkitVersion: '0.16.0',
      status: 'running',
      platforms: ['linux/amd64', 'linux/amd64/v2', 'linux/amd64/v3', 'linux/386'],
    });
    expect(
      parseBuilderInspect('Name: default\nDriver: docker\n\nNodes:\nName: default\nStatus: running\nBuildkit: 0.10.6\n')
        .buildkitVersion,
    ).toBe('0.10.6');
  });
  it('auto takes buildx when the builder answers, with or without a daemon', () => {
    const d = chooseEngine('auto', 'remote-kit', {
      buildxInspect: { exitCode: 0, output: INSPECT },
      buildahAvailable: true,
    });
    expect(d.engine).toBe('buildx');
    expect(d.reason).toBe('auto: builder "remote-kit" answered docker buildx inspect');
    expect(d.builder?.buildkitVersion).toBe('0.16.0');
  });
  it('auto falls back to buildah and says why', () => {
    const d = chooseEngine('auto', '', {
      buildxInspect: {
        exitCode: 1,
        output:
          'ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
      },
      buildahAvailable: true,
    });
    expect(d.engine).toBe('buildah');
    expect(d.reason).toMatch(
      /auto: buildah, because docker buildx inspect failed: ERROR: Cannot connect to the Docker daemon/,
    );
    expect(chooseEngine('auto', '', { buildxInspect: null, buildahAvailable: true }).reason).toMatch(
      /docker CLI is not installed/,
    );
  });
  it("auto does not take the daemon's default builder when no daemon answers, though inspect exits 0", () => {
    // buildx 0.38.2 with no Docker daemon and no builder selected, captured on our machines.
    const output =
      'Name:   default\nDriver: \n' +
      'Error:  failed to connect to the docker API at unix:///var/run/docker.sock; ' +
      'check if the path is correct and if the daemon is running: ' +
      'dial unix /var/run/docker.sock: connect: no such file or directory\n';
    const d = chooseEngine('auto', '', { buildxInspect: { exitCode: 0, output }, buildahAvailable: true });
    expect(d.engine).toBe('buildah');
    expect(d.reason).toMatch(
      /^auto: buildah, because docker buildx inspect failed: failed to connect to the docker API/,
    );
    expect(() =>
      chooseEngine('buildx', '', { buildxInspect: { exitCode: 0, output }, buildahAvailable: true }),
    ).toThrow(/failed to connect to the docker API/);
  });
  it('auto with neither fails with what to install', () => {
    expect(() => chooseEngine('auto', '', { buildxInspect: null, buildahAvailable: false })).toThrow(
      /found no builder.*install buildah/,
    );
  });
  it('an explicit engine that is not there fails early', () => {
    expect(() =>
      chooseEngine('buildx', 'kit', {
        buildxInspect: { exitCode: 1, output: 'ERROR: no builder "kit" found' },
        buildahAvailable: true,
      }),
    ).toThrow(/engine: buildx was asked for, but docker buildx inspect kit failed: ERROR: no builder "kit" found/);
    expect(() => chooseEngine('buildah', '', { buildxInspect: null, buildahAvailable: false })).toThrow(
      /buildah is not installed/,
    );
  });
});
