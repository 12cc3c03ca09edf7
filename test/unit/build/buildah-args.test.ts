import { describe, expect, it } from 'vitest';
import {
  buildahBuildArgs,
  buildahCacheRepository,
  buildahEnvironment,
  buildahLayoutArgs,
  checkBuildahInputs,
  isLoopbackRegistry,
  skopeoPushArgs,
} from '../../../packages/core/src/build/index.ts';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { inputsFor } from './inputs-for.ts';

function argsFor(raw: Record<string, string>) {
  const inputs = inputsFor({ context: '.', ...raw });
  checkBuildahInputs(inputs);
  return buildahBuildArgs({
    inputs,
    manifest: 'localhost/list:1',
    iidFile: '/t/iid',
    secretPaths: Object.fromEntries(inputs.secrets.map((s, i) => [s.id, `/t/secret-${i}`])),
    cacheFrom: [],
    cacheTo: [],
  });
}

function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('inputs with a meaning for buildah become its flags', () => {
  it.each([
    ['context', { context: './app' }, (a: string[]) => expect(a.at(-1)).toBe('./app')],
    ['file', { file: 'app.Dockerfile' }, (a: string[]) => expect(flagValues(a, '--file')).toEqual(['app.Dockerfile'])],
    [
      'platforms',
      { platforms: 'linux/amd64,linux/arm64' },
      (a: string[]) => expect(flagValues(a, '--platform')).toEqual(['linux/amd64,linux/arm64']),
    ],
    ['labels', { labels: 'a=1' }, (a: string[]) => expect(flagValues(a, '--label')).toEqual(['a=1'])],
    [
      'manifest-level annotations (level prefix dropped)',
      { annotations: 'manifest:a=1\nb=2' },
      (a: string[]) => expect(flagValues(a, '--annotation')).toEqual(['a=1', 'b=2']),
    ],
    ['build-args', { 'build-args': 'A=1' }, (a: string[]) => expect(flagValues(a, '--build-arg')).toEqual(['A=1'])],
    [
      'build-contexts',
      { 'build-contexts': 'src=./src' },
      (a: string[]) => expect(flagValues(a, '--build-context')).toEqual(['src=./src']),
    ],
    [
      'secrets',
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
      (a: string[]) => expect(flagValues(a, '--secret')).toEqual(['id=token,src=MY_TOKEN,type=env']),
    ],
    ['ssh', { ssh: 'default' }, (a: string[]) => expect(flagValues(a, '--ssh')).toEqual(['default'])],
    ['target', { target: 'runtime' }, (a: string[]) => expect(flagValues(a, '--target')).toEqual(['runtime'])],
    ['network', { network: 'host' }, (a: string[]) => expect(flagValues(a, '--network')).toEqual(['host'])],
    ['shm-size', { 'shm-size': '2g' }, (a: string[]) => expect(flagValues(a, '--shm-size')).toEqual(['2g'])],
    [
      'ulimit',
      { ulimit: 'nofile=1024:1024' },
      (a: string[]) => expect(flagValues(a, '--ulimit')).toEqual(['nofile=1024:1024']),
    ],
    ['no-cache', { 'no-cache': 'true' }, (a: string[]) => expect(a).toContain('--no-cache')],
    ['pull', { pull: 'true' }, (a: string[]) => expect(a).toContain('--pull=always')],
    [
      'github-token is accepted and unused',
      { 'github-token': 'ghs_x' },
      (a: string[]) => expect(a.join(' ')).not.toContain('ghs_x'),
    ],
    [
      'provenance: false is accepted',
      { provenance: 'false' },
      (a: string[]) => expect(a).not.toContain('--provenance'),
    ],
  ])('%s', (_n, raw, check) => {
    const { args } = argsFor(raw);
    expect(args.slice(0, 1)).toEqual(['build']);
    expect(flagValues(args, '--manifest')).toEqual(['localhost/list:1']);
    expect(flagValues(args, '--iidfile')).toEqual(
      (raw as Record<string, string>).platforms?.includes(',') ? [] : ['/t/iid'],
    );
    check(args);
  });

  it('index-level annotations are left out with a warning', () => {
    const { args, warnings } = argsFor({ annotations: 'index:a=1' });
    expect(args).not.toContain('--annotation');
    expect(warnings[0]).toMatch(/index level, which buildah does not write/);
  });

  it('a registry layer cache turns on --layers', () => {
    const inputs = inputsFor({});
    const { args } = buildahBuildArgs({
      inputs,
      manifest: 'm',
      iidFile: 'i',
      secretPaths: {},
      cacheFrom: ['ghcr.io/o/a/buildcache'],
      cacheTo: ['ghcr.io/o/a/buildcache'],
    });
    expect(args).toContain('--layers');
    expect(flagValues(args, '--cache-from')).toEqual(['ghcr.io/o/a/buildcache']);
    expect(args).not.toContain('--tls-verify=false');
  });

  it('a cache on a loopback registry is reached over plain HTTP, as a push there is', () => {
    const cache = ['127.0.0.1:5000/o/a/buildcache'];
    const options = {
      inputs: inputsFor({}),
      manifest: 'm',
      iidFile: 'i',
      secretPaths: {},
      cacheFrom: cache,
      cacheTo: cache,
    };
    expect(buildahBuildArgs(options).args).toContain('--tls-verify=false');
  });
});

describe('inputs with no meaning for buildah are refused with the fix', () => {
  it.each([
    ['builder', { builder: 'kit' }, /there is no buildx builder with engine buildah/],
    ['load', { load: 'true' }, /no Docker image store/],
    ['provenance', { provenance: 'mode=max' }, /provenance attestations are not produced/],
    ['sbom', { sbom: 'true' }, /SBOM attestations are not produced/],
    ['outputs', { outputs: 'type=local,dest=out' }, /exporters are not available/],
    ['no-cache-filters', { 'no-cache-filters': 'build' }, /per-stage cache filters/],
    ['allow', { allow: 'network.host' }, /entitlements do not exist/],
    ['cache-from', { 'cache-from': 'type=gha,scope=x' }, /the gha cache backend does not exist/],
    ['cache-to', { 'cache-to': 'type=local,dest=/c' }, /the local cache backend does not exist/],
    [
      'cache-to',
      { 'cache-to': 'type=registry,ref=ghcr.io/o/a@sha256:' + 'a'.repeat(64) },
      /with a digest names one image/,
    ],
  ])('%s', (input, raw, message) => {
    const inputs = inputsFor(raw);
    let error: unknown;
    try {
      checkBuildahInputs(inputs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as InputError).message).toMatch(message);
  });
});

describe("buildah's registry cache: a repository of its own, never the image's", () => {
  // buildah tags each cached layer by its content hash in the repository it is given, so the
  // buildx spelling `ref=<image>:<tag>` must not become `<image>` itself.
  it.each([
    ['type=registry,ref=ghcr.io/o/app:buildcache', 'ghcr.io/o/app/buildcache'],
    ['type=registry,ref=ghcr.io/o/app:Cache-Main,mode=max', 'ghcr.io/o/app/cache-main'],
    ['ghcr.io/o/app:buildcache', 'ghcr.io/o/app/buildcache'],
    ['type=registry,ref=ghcr.io/o/app-cache', 'ghcr.io/o/app-cache'],
    ['type=registry,ref=localhost:5000/o/app:buildcache', 'localhost:5000/o/app/buildcache'],
  ])('%s is %s', (line, repository) => {
    const inputs = inputsFor({ 'cache-to': line });
    expect(buildahCacheRepository(inputs.cacheTo[0]!, 'cache-to')).toBe(repository);
  });

  it('a tag that is no repository name is refused naming the input', () => {
    const inputs = inputsFor({ 'cache-from': 'type=registry,ref=ghcr.io/o/app:_cache' });
    expect(() => checkBuildahInputs(inputs)).toThrow(/input "cache-from"/);
  });
});

describe('the environment buildah runs with', () => {
  const exists = (paths: string[]) => (path: string) => paths.includes(path);
  it('leaves out a DOCKER_CONFIG that has no config.json, which buildah would refuse as its auth file', () => {
    expect(buildahEnvironment({ DOCKER_CONFIG: '/tmp/buildx-only/', PATH: '/bin' }, exists([]))).toEqual({
      PATH: '/bin',
    });
  });
  it.each([
    ['no DOCKER_CONFIG', { PATH: '/bin' }, []],
    ['a DOCKER_CONFIG with credentials', { DOCKER_CONFIG: '/cfg', PATH: '/bin' }, ['/cfg/config.json']],
    ['REGISTRY_AUTH_FILE, which buildah takes first', { DOCKER_CONFIG: '/cfg', REGISTRY_AUTH_FILE: '/auth.json' }, []],
  ])('runs unchanged with %s', (_name, env, files) => {
    expect(buildahEnvironment(env, exists(files))).toBeUndefined();
  });
});

describe('engine: auto falling back to buildah', () => {
  it('takes the builder input as the builder auto asked for, not as a request to refuse', () => {
    expect(() => checkBuildahInputs(inputsFor({ engine: 'auto', builder: 'kit', context: '.' }))).not.toThrow();
  });
  it('still refuses what buildah cannot do', () => {
    expect(() => checkBuildahInputs(inputsFor({ engine: 'auto', builder: 'kit', load: 'true' }))).toThrow(
      /no Docker image store/,
    );
  });
});

describe('pushing', () => {
  it('copies the local layout to every tag with skopeo, bytes kept, so all tags name one index', () => {
    expect(skopeoPushArgs('/t/l', 'ghcr.io/o/a:latest', true)).toEqual([
      'copy',
      '--all',
      '--preserve-digests',
      '--retry-times',
      '3',
      'oci:/t/l:image',
      'docker://ghcr.io/o/a:latest',
    ]);
  });
  it('talks plain HTTP to loopback registries only, as Docker does', () => {
    expect(skopeoPushArgs('l', '127.0.0.1:5000/a:1', true)).toContain('--dest-tls-verify=false');
    expect(skopeoPushArgs('l', 'localhost:5000/a:1', true)).toContain('--dest-tls-verify=false');
    expect(isLoopbackRegistry('ghcr.io')).toBe(false);
    expect(isLoopbackRegistry('127.0.0.1.example.com')).toBe(false);
  });
  it('by digest: one platform pushes the image, several the list, then skopeo copies to name@digest', () => {
    expect(
      buildahLayoutArgs({ manifest: 'm', imageId: 'abc', singlePlatform: true, layout: '/t/l', digestFile: '/t/d' }),
    ).toEqual(['push', '--format', 'oci', '--digestfile', '/t/d', 'abc', 'oci:/t/l:image']);
    expect(
      buildahLayoutArgs({ manifest: 'm', imageId: 'abc', singlePlatform: false, layout: '/t/l', digestFile: '/t/d' }),
    ).toEqual(['manifest', 'push', '--all', '--format', 'oci', '--digestfile', '/t/d', 'm', 'oci:/t/l:image']);
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(skopeoPushArgs('/t/l', `127.0.0.1:5000/a@${digest}`, true)).toEqual([
      'copy',
      '--all',
      '--preserve-digests',
      '--retry-times',
      '3',
      '--dest-tls-verify=false',
      'oci:/t/l:image',
      `docker://127.0.0.1:5000/a@${digest}`,
    ]);
  });
});
