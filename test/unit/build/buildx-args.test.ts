import { describe, expect, it } from 'vitest';
import {
  buildxBuildArgs,
  parseBuildxVersion,
  parseCacheSpec,
  type BuildxArgsOptions,
} from '../../../packages/core/src/build/index.ts';
import { eventContext } from '../events.ts';
import { inputsFor } from './inputs-for.ts';

function argsFor(raw: Record<string, string>, options: Partial<BuildxArgsOptions> = {}) {
  const inputs = inputsFor({ context: '.', ...raw });
  return buildxBuildArgs({
    inputs,
    buildxVersion: '0.17.1',
    buildkitVersion: null,
    cacheFrom: inputs.cacheFrom,
    cacheTo: inputs.cacheTo,
    iidFile: '/t/iidfile',
    metadataFile: '/t/metadata.json',
    secretPaths: Object.fromEntries(inputs.secrets.map((s, i) => [s.id, `/t/secret-${i}`])),
    context: eventContext('push-branch'),
    noDefaultAttestations: false,
    defaultContext: 'https://github.com/octo-org/hello-world.git#860c1904a1ce19322e91ac35af1ab07466440c37',
    ...options,
  });
}

/** The flag and its value(s) wherever they are in the list. */
function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('every build-push-action input becomes its buildx flag', () => {
  it.each([
    ['context', { context: './app' }, (a: string[]) => expect(a.at(-1)).toBe('./app')],
    [
      'file',
      { file: 'docker/app.Dockerfile' },
      (a: string[]) => expect(flagValues(a, '--file')).toEqual(['docker/app.Dockerfile']),
    ],
    [
      'platforms (joined)',
      { platforms: 'linux/amd64\nlinux/arm64' },
      (a: string[]) => expect(flagValues(a, '--platform')).toEqual(['linux/amd64,linux/arm64']),
    ],
    ['push', { push: 'true', tags: 'ghcr.io/o/a:1' }, (a: string[]) => expect(a).toContain('--push')],
    ['load', { load: 'true' }, (a: string[]) => expect(a).toContain('--load')],
    [
      'tags',
      { tags: 'ghcr.io/o/a:1,ghcr.io/o/a:latest' },
      (a: string[]) => expect(flagValues(a, '--tag')).toEqual(['ghcr.io/o/a:1', 'ghcr.io/o/a:latest']),
    ],
    ['labels', { labels: 'a=1\nb=x=y' }, (a: string[]) => expect(flagValues(a, '--label')).toEqual(['a=1', 'b=x=y'])],
    [
      'annotations',
      { annotations: 'index:a=1\nb=2' },
      (a: string[]) => expect(flagValues(a, '--annotation')).toEqual(['index:a=1', 'b=2']),
    ],
    [
      'build-args (as written)',
      { 'build-args': 'B=2\nA=1' },
      (a: string[]) => expect(flagValues(a, '--build-arg')).toEqual(['B=2', 'A=1']),
    ],
    [
      'build-contexts',
      { 'build-contexts': 'alpine=docker-image://alpine:3.20' },
      (a: string[]) => expect(flagValues(a, '--build-context')).toEqual(['alpine=docker-image://alpine:3.20']),
    ],
    [
      'secrets (a file, never the value)',
      { secrets: 'token=s3cr3t' },
      (a: string[]) => {
        expect(flagValues(a, '--secret')).toEqual(['id=token,src=/t/secret-0']);
        expect(a.join(' ')).not.toContain('s3cr3t');
      },
    ],
    [
      'secret-files',
      { 'secret-files': 'npmrc=./.npmrc' },
      (a: string[]) => expect(flagValues(a, '--secret')).toEqual(['id=npmrc,src=./.npmrc']),
    ],
    [
      'secret-envs',
      { 'secret-envs': 'token=MY_TOKEN' },
      (a: string[]) => expect(flagValues(a, '--secret')).toEqual(['id=token,env=MY_TOKEN']),
    ],
    ['ssh', { ssh: 'default' }, (a: string[]) => expect(flagValues(a, '--ssh')).toEqual(['default'])],
    ['target', { target: 'runtime' }, (a: string[]) => expect(flagValues(a, '--target')).toEqual(['runtime'])],
    [
      'cache-from',
      { 'cache-from': 'type=gha,scope=main' },
      (a: string[]) => expect(flagValues(a, '--cache-from')).toEqual(['type=gha,scope=main']),
    ],
    [
      'cache-to (bare ref is a registry cache)',
      { 'cache-to': 'ghcr.io/o/a:cache' },
      (a: string[]) => expect(flagValues(a, '--cache-to')).toEqual(['type=registry,ref=ghcr.io/o/a:cache']),
    ],
    [
      'provenance',
      { provenance: 'false' },
      (a: string[]) => expect(flagValues(a, '--attest')).toEqual(['type=provenance,disabled=true']),
    ],
    [
      'provenance mode gets the run as builder-id',
      { provenance: 'mode=max' },
      (a: string[]) =>
        expect(flagValues(a, '--attest')).toEqual([
          'type=provenance,mode=max,builder-id=https://github.com/octo-org/hello-world/actions/runs/9718765432/attempts/1',
        ]),
    ],
    [
      'sbom',
      { sbom: 'true' },
      (a: string[]) => expect(flagValues(a, '--attest')).toEqual(['type=sbom,disabled=false']),
    ],
    [
      'attests',
      { attests: 'type=sbom,generator=image' },
      (a: string[]) => expect(flagValues(a, '--attest')).toEqual(['type=sbom,generator=image']),
    ],
    [
      'add-hosts',
      { 'add-hosts': 'db:10.0.0.2,cache:10.0.0.3' },
      (a: string[]) => expect(flagValues(a, '--add-host')).toEqual(['db:10.0.0.2', 'cache:10.0.0.3']),
    ],
    [
      'cgroup-parent',
      { 'cgroup-parent': 'ci' },
      (a: string[]) => expect(flagValues(a, '--cgroup-parent')).toEqual(['ci']),
    ],
    ['call', { call: 'check' }, (a: string[]) => expect(flagValues(a, '--call')).toEqual(['check'])],
    [
      'outputs',
      { outputs: 'type=oci,dest=/t/out.tar' },
      (a: string[]) => expect(flagValues(a, '--output')).toEqual(['type=oci,dest=/t/out.tar']),
    ],
    ['no-cache', { 'no-cache': 'true' }, (a: string[]) => expect(a).toContain('--no-cache')],
    [
      'no-cache-filters',
      { 'no-cache-filters': 'build,test' },
      (a: string[]) => expect(flagValues(a, '--no-cache-filter')).toEqual(['build', 'test']),
    ],
    ['pull', { pull: 'true' }, (a: string[]) => expect(a).toContain('--pull')],
    ['builder', { builder: 'remote-kit' }, (a: string[]) => expect(flagValues(a, '--builder')).toEqual(['remote-kit'])],
    ['network', { network: 'host' }, (a: string[]) => expect(flagValues(a, '--network')).toEqual(['host'])],
    ['shm-size', { 'shm-size': '2g' }, (a: string[]) => expect(flagValues(a, '--shm-size')).toEqual(['2g'])],
    [
      'ulimit',
      { ulimit: 'nofile=1024:1024\nnproc=64' },
      (a: string[]) => expect(flagValues(a, '--ulimit')).toEqual(['nofile=1024:1024', 'nproc=64']),
    ],
    [
      'allow',
      { allow: 'network.host,security.insecure' },
      (a: string[]) => expect(flagValues(a, '--allow')).toEqual(['network.host', 'security.insecure']),
    ],
  ])('%s', (_name, raw, check) => {
    const { args, warnings } = argsFor(raw);
    expect(args.slice(0, 2)).toEqual(['buildx', 'build']);
    check(args);
    expect(warnings).toEqual([]);
  });

  it('always asks for the metadata file and the image id', () => {
    const { args } = argsFor({});
    expect(flagValues(args, '--metadata-file')).toEqual(['/t/metadata.json']);
    expect(flagValues(args, '--iidfile')).toEqual(['/t/iidfile']);
    expect(args.at(-1)).toBe('.');
  });

  it('asks for no image id when exporting to local files or a tar', () => {
    expect(argsFor({ outputs: 'type=local,dest=out' }).args).not.toContain('--iidfile');
    expect(argsFor({ outputs: 'type=tar,dest=out.tar' }).args).not.toContain('--iidfile');
  });

  it('github-token becomes GIT_AUTH_TOKEN.<host> only for the default git context (and its subdirectories)', () => {
    const git = argsFor(
      { context: '{{defaultContext}}:docker', 'github-token': 'ghs_x' },
      { secretPaths: { 'GIT_AUTH_TOKEN.github.com': '/t/tok' } },
    );
    expect(flagValues(git.args, '--secret')).toEqual(['id=GIT_AUTH_TOKEN.github.com,src=/t/tok']);
    expect(git.args.at(-1)).toBe(
      'https://github.com/octo-org/hello-world.git#860c1904a1ce19322e91ac35af1ab07466440c37:docker',
    );
    const other = argsFor({ context: 'https://github.com/octo-org/hello-world.git#main', 'github-token': 'ghs_x' });
    expect(flagValues(other.args, '--secret')).toEqual([]);
    expect(flagValues(argsFor({ 'github-token': 'ghs_x' }).args, '--secret')).toEqual([]);
  });
});

describe('push-by-digest', () => {
  it('pushes by digest with canonical names and no --push or tags', () => {
    const { args } = argsFor({ 'push-by-digest': 'true', tags: 'ghcr.io/o/a\nghcr.io/o/b', platforms: 'linux/arm64' });
    expect(flagValues(args, '--output')).toEqual([
      'type=image,"name=ghcr.io/o/a,ghcr.io/o/b",push-by-digest=true,name-canonical=true,push=true',
    ]);
    expect(args).not.toContain('--push');
    expect(args).not.toContain('--tag');
  });
  it('on a pull request the digest output does not push', () => {
    const inputs = inputsFor({ 'push-by-digest': 'true', tags: 'ghcr.io/o/a' }, { event: 'pull-request' });
    const { args } = buildxBuildArgs({
      inputs,
      buildxVersion: '0.17.1',
      buildkitVersion: null,
      cacheFrom: [],
      cacheTo: [],
      iidFile: 'i',
      metadataFile: 'm',
      secretPaths: {},
      context: eventContext('pull-request'),
      noDefaultAttestations: false,
      defaultContext: 'https://github.com/o/r.git#x',
    });
    expect(flagValues(args, '--output')).toEqual([
      'type=image,name=ghcr.io/o/a,push-by-digest=true,name-canonical=true,push=false',
    ]);
  });
});

describe('default provenance, as build-push-action sets it', () => {
  it('max for a public repository on BuildKit >= 0.11', () => {
    expect(flagValues(argsFor({}, { buildkitVersion: '0.16.0' }).args, '--attest')).toEqual([
      'type=provenance,mode=max,builder-id=https://github.com/octo-org/hello-world/actions/runs/9718765432/attempts/1',
    ]);
  });
  it('min and inline-only for a private repository', () => {
    const context = eventContext('push-branch');
    const priv = {
      ...context,
      payload: { ...context.payload, repository: { ...(context.payload.repository as object), private: true } },
    };
    expect(flagValues(argsFor({}, { buildkitVersion: '0.16.0', context: priv }).args, '--attest')[0]).toMatch(
      /^type=provenance,mode=min,inline-only=true,builder-id=/,
    );
  });
  it.each([
    ['load (the Docker store holds no attestations)', { load: 'true' }, {}],
    ['BuildKit older than 0.11', {}, { buildkitVersion: '0.10.6' }],
    ['BUILDX_NO_DEFAULT_ATTESTATIONS', {}, { noDefaultAttestations: true }],
  ])('none with %s', (_n, raw, options) => {
    expect(argsFor(raw, { buildkitVersion: '0.16.0', ...options }).args).not.toContain('--attest');
  });
});

describe('version gates', () => {
  it.each([
    ['annotations', '0.11.2', { annotations: 'a=1' }, '--annotation', /annotations needs buildx >=0.12.0/],
    [
      'build-contexts',
      '0.7.1',
      { 'build-contexts': 'a=./a' },
      '--build-context',
      /build-contexts needs buildx >=0.8.0/,
    ],
    ['provenance', '0.9.1', { provenance: 'mode=max' }, '--attest', /provenance\/sbom\/attests needs buildx >=0.10.0/],
    ['metadata file', '0.5.1', {}, '--metadata-file', /writes no metadata file/],
  ])('%s is left out below its version, with a warning', (_n, version, raw, flag, warning) => {
    const { args, warnings } = argsFor(raw, { buildxVersion: version });
    expect(args).not.toContain(flag);
    expect(warnings.join('\n')).toMatch(warning);
  });
  it('an unstamped buildx (v0.0.0+unknown) switches every gate off', () => {
    const version = parseBuildxVersion('github.com/docker/buildx v0.0.0+unknown');
    expect(version).toBeNull();
    const { args, warnings } = argsFor({ annotations: 'a=1' }, { buildxVersion: version });
    expect(args).not.toContain('--annotation');
    expect(warnings.join('\n')).toMatch(/found an unknown version/);
  });
  it.each([
    ['github.com/docker/buildx v0.12.1 30feaa1ef0a6bd6c6b8aa8a34b5d4f4b1d7e1f8e', '0.12.1'],
    ['github.com/docker/buildx 0.17.1-desktop.1 docker-desktop', '0.17.1-desktop.1'],
    ['github.com/docker/buildx v0.38.2 unknown', '0.38.2'],
  ])('reads %s', (output, version) => {
    expect(parseBuildxVersion(output)).toBe(version);
  });
});

it('a gha cache spec passes through untouched', () => {
  expect(parseCacheSpec('type=gha,scope=x,mode=max', 'cache-to')).toEqual({
    type: 'gha',
    attrs: [
      ['scope', 'x'],
      ['mode', 'max'],
    ],
  });
});
