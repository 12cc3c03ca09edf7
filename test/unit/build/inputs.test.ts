import { describe, expect, it } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { computeMetadata, metadataOutputs } from '../../../packages/core/src/metadata/index.ts';
import { eventContext } from '../events.ts';
import { inputsFor } from './inputs-for.ts';

describe('bad inputs fail before any builder starts, naming input, value and fix', () => {
  it.each([
    [
      'an unknown platform string',
      { platforms: 'linux/amd64,linux/amd65' },
      'platforms',
      /"amd65" is not a known architecture.*linux\/amd65.*os\/arch\[\/variant\]/,
    ],
    ['a platform without an architecture', { platforms: 'amd64' }, 'platforms', /"amd64" is not a platform/],
    [
      'a variant of the wrong architecture',
      { platforms: 'linux/amd64/v7' },
      'platforms',
      /"v7" is not a variant of amd64/,
    ],
    [
      'an unknown operating system',
      { platforms: 'linuks/arm64' },
      'platforms',
      /"linuks" is not a known operating system/,
    ],
    [
      'a cache spec with a field that is not key=value',
      { 'cache-from': 'type=gha,scope' },
      'cache-from',
      /"scope" is not a key=value field.*type=gha,scope=main/,
    ],
    [
      'a cache spec with an unknown backend',
      { 'cache-to': 'type=redis,ref=x' },
      'cache-to',
      /"redis" is not a cache backend.*Use one of registry, local, inline, gha/,
    ],
    ['a cache spec without type', { 'cache-from': 'scope=main' }, 'cache-from', /has no type/],
    [
      'a cache mode that does not exist',
      { 'cache-to': 'type=gha,mode=all' },
      'cache-to',
      /mode=all is not a cache mode/,
    ],
    ['a registry cache without ref', { 'cache-from': 'type=registry,mode=max' }, 'cache-from', /needs a ref/],
    [
      'a secrets line without =',
      { secrets: 'GIT_AUTH_TOKEN=abc\nhunter2' },
      'secrets',
      /a line is not id=value.*Write one id=value per line/,
    ],
    ['a secret-files line without =', { 'secret-files': './npmrc' }, 'secret-files', /not id=value/],
    [
      'push and load with several platforms',
      { push: 'true', load: 'true', platforms: 'linux/amd64,linux/arm64', tags: 'ghcr.io/o/a:1' },
      'load',
      /load and push together with 2 platforms.*single platform/,
    ],
    [
      'a tag with push-by-digest',
      { 'push-by-digest': 'true', tags: 'ghcr.io/o/a:1.0' },
      'tags',
      /can't push tagged ref by digest/,
    ],
    ['push-by-digest with no image name anywhere', { 'push-by-digest': 'true' }, 'tags', /needs the image name/],
    ['a push that is not a boolean', { push: 'yes' }, 'push', /is not a boolean/],
    ['an unknown engine', { engine: 'kaniko' }, 'engine', /Use one of: buildx, buildah, auto/],
    ['an unknown default cache', { cache: 's3' }, 'cache', /Use one of: gha, registry, none/],
    ['an invalid tag', { tags: 'ghcr.io/o/a:-bad' }, 'tags', /is not a valid tag/],
    ['an unclosed quote in smoke-test', { 'smoke-test': 'sh -c "echo' }, 'smoke-test', /quote is not closed/],
    [
      'a summary that is not a boolean, before everything else',
      { summary: 'no', platforms: 'linux/amd65' },
      'summary',
      /is not a boolean/,
    ],
    [
      'an unclosed quote in build-args',
      { 'build-args': '"A=1\nB=2' },
      'build-args',
      /is not a list docker's CSV reading accepts.*Close every quote/,
    ],
    [
      'an unclosed quote in secrets, value hidden',
      { secrets: '"A=hunter2' },
      'secrets',
      /\(value: "\(hidden: it may hold a secret\)"\)/,
    ],
  ])('%s', (_name, raw, input, message) => {
    let error: unknown;
    try {
      inputsFor(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as InputError).message).toMatch(message);
  });

  it('never echoes a secret value in the error', () => {
    expect(() => inputsFor({ secrets: 'hunter2-very-secret' })).toThrow(/value: "\(hidden: it may hold a secret\)"/);
    expect(() => inputsFor({ secrets: 'hunter2-very-secret' })).not.toThrow(/hunter2/);
  });
});

describe('push defaults', () => {
  it('unset push does not push, as in docker/build-push-action, and says how to', () => {
    const inputs = inputsFor({ tags: 'ghcr.io/o/a:main' });
    expect(inputs.push).toBe(false);
    expect(inputs.pushReason).toMatch(/push: true or push: auto/);
  });
  it('push: auto builds without pushing on a pull request and says why', () => {
    const inputs = inputsFor({ tags: 'ghcr.io/o/a:pr-15', push: 'auto' }, { event: 'pull-request' });
    expect(inputs.push).toBe(false);
    expect(inputs.pushReason).toMatch(/pull requests build without pushing/);
  });
  it('an explicit push: true pushes on a pull request', () => {
    expect(inputsFor({ tags: 'ghcr.io/o/a:pr-15', push: 'true' }, { event: 'pull-request' }).push).toBe(true);
  });
  it('push: auto pushes a branch build that has tags', () => {
    expect(inputsFor({ tags: 'ghcr.io/o/a:main', push: 'auto' }).push).toBe(true);
  });
  it('push: auto with no tags pushes nothing', () => {
    expect(inputsFor({ push: 'auto' }).pushReason).toMatch(/no tags/);
  });
  it('push-by-digest pushes outside pull requests without push set', () => {
    expect(inputsFor({ tags: 'ghcr.io/o/a', 'push-by-digest': 'true' }).push).toBe(true);
    expect(inputsFor({ tags: 'ghcr.io/o/a', 'push-by-digest': 'true' }, { event: 'pull-request' }).push).toBe(false);
  });
  it('push: false is kept on a branch', () => {
    expect(inputsFor({ tags: 'ghcr.io/o/a:main', push: 'false' }).push).toBe(false);
  });
  it('load with one platform and push is fine', () => {
    expect(inputsFor({ tags: 'ghcr.io/o/a:1', push: 'true', load: 'true', platforms: 'linux/amd64' }).load).toBe(true);
  });
});

describe('defaults from the meta step', () => {
  const env = {
    DOCKER_METADATA_OUTPUT_LABELS: 'org.opencontainers.image.version=1.2.3\norg.opencontainers.image.revision=abc',
    DOCKER_METADATA_OUTPUT_ANNOTATIONS: 'manifest:org.opencontainers.image.version=1.2.3',
    DOCKER_METADATA_OUTPUT_BUILD_ARGS: 'BUILD_DATE=2024-06-28T14:30:22.000Z\nCOMMIT_SHA=abc\nVERSION=1.2.3',
    DOCKER_METADATA_OUTPUT_IMAGE_REFS: 'ghcr.io/octo-org/hello-world',
  };
  it('labels, annotations and build args come from meta when not given', () => {
    const inputs = inputsFor({}, { env });
    expect(inputs.labels).toEqual([
      ['org.opencontainers.image.version', '1.2.3'],
      ['org.opencontainers.image.revision', 'abc'],
    ]);
    expect(inputs.annotations).toEqual(['manifest:org.opencontainers.image.version=1.2.3']);
    expect(inputs.buildArgs).toEqual([
      ['BUILD_DATE', '2024-06-28T14:30:22.000Z'],
      ['COMMIT_SHA', 'abc'],
      ['VERSION', '1.2.3'],
    ]);
    expect(inputs.fromMeta).toEqual(['labels', 'annotations', 'build-args']);
  });
  it('a user build arg overrides meta by key and keeps the others', () => {
    const inputs = inputsFor({ 'build-args': 'VERSION=dev\nEXTRA=1' }, { env });
    expect(Object.fromEntries(inputs.buildArgs)).toEqual({
      BUILD_DATE: '2024-06-28T14:30:22.000Z',
      COMMIT_SHA: 'abc',
      VERSION: 'dev',
      EXTRA: '1',
    });
  });
  it('user labels replace meta labels', () => {
    expect(inputsFor({ labels: 'a=b' }, { env }).labels).toEqual([['a', 'b']]);
  });
  it('push-by-digest takes the image name from meta when tags are empty', () => {
    const inputs = inputsFor({ 'push-by-digest': 'true' }, { env });
    expect(inputs.digestImages).toEqual(['ghcr.io/octo-org/hello-world']);
    expect(inputs.tags).toEqual([]);
    expect(inputs.push).toBe(true);
  });
});

describe("meta's typed Metadata, as publish hands it over", () => {
  const metadata = computeMetadata(
    {
      images: 'ghcr.io/Octo-Org/Hello-World',
      tags: 'type=ref,event=branch\ntype=sha',
      flavor: '',
      labels: 'org.example.team=platform',
      annotations: '',
      buildArgs: 'VERSION=dev',
      annotationLevels: 'manifest,index',
    },
    eventContext('push-branch'),
  );
  const exported = Object.fromEntries(
    Object.entries(metadataOutputs(metadata, { tags: '\n', labels: '\n', annotations: '\n' })).map(([k, v]) => [
      `DOCKER_METADATA_OUTPUT_${k.replace(/\W/g, '_').toUpperCase()}`,
      v,
    ]),
  );

  it("gives the labels, annotations and build args meta's exported variables give", () => {
    const typed = inputsFor({}, { metadata });
    const viaEnv = inputsFor({}, { env: exported });
    expect(typed.labels).toEqual(viaEnv.labels);
    expect(typed.labels).toContainEqual(['org.example.team', 'platform']);
    expect(typed.annotations).toEqual(viaEnv.annotations);
    expect(typed.annotations.some((a) => a.startsWith('index:'))).toBe(true);
    expect(typed.buildArgs).toEqual(viaEnv.buildArgs);
    expect(Object.fromEntries(typed.buildArgs).VERSION).toBe('dev');
  });

  it('gives the tags too, which the environment never does, and the summary says they came from meta', () => {
    const typed = inputsFor({ push: 'auto' }, { metadata });
    expect(typed.tags).toEqual(metadata.tags.map((t) => t.ref));
    expect(typed.tags.length).toBeGreaterThan(0);
    expect(typed.push).toBe(true);
    expect(typed.fromMeta).toEqual(['labels', 'annotations', 'build-args', 'tags']);
    expect(inputsFor({ push: 'auto' }, { env: exported }).tags).toEqual([]);
  });

  it("the user's own inputs still win: tags and labels replace meta's, a build arg overrides by key", () => {
    const own = inputsFor({ tags: 'ghcr.io/o/a:1', labels: 'a=b', 'build-args': 'VERSION=2\nEXTRA=1' }, { metadata });
    expect(own.tags).toEqual(['ghcr.io/o/a:1']);
    expect(own.labels).toEqual([['a', 'b']]);
    expect(Object.fromEntries(own.buildArgs)).toMatchObject({
      VERSION: '2',
      EXTRA: '1',
      COMMIT_SHA: expect.any(String),
    });
    expect(own.fromMeta).toEqual(['annotations', 'build-args']);
  });

  it("push-by-digest refuses meta's tagged refs as it refuses the user's", () => {
    expect(() => inputsFor({ 'push-by-digest': 'true' }, { metadata })).toThrow(/input "tags": push-by-digest/);
  });
});

describe('lists and the smoke test command', () => {
  it('takes newlines or commas where build-push-action does', () => {
    const inputs = inputsFor({
      platforms: 'linux/amd64\nlinux/arm64,linux/arm/v7',
      tags: 'ghcr.io/o/a:1,ghcr.io/o/a:2',
      'build-args': 'A=1,2',
    });
    expect(inputs.platforms).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
    expect(inputs.tags).toEqual(['ghcr.io/o/a:1', 'ghcr.io/o/a:2']);
    expect(inputs.buildArgs).toEqual([['A', '1,2']]);
  });
  it('lowercases a repository with capitals as registries require, and drops the duplicates that makes', () => {
    const inputs = inputsFor({
      tags: 'ghcr.io/Octo-Org/Hello-World:V1.2\nghcr.io/octo-org/hello-world:V1.2\nOcto/App:1',
    });
    // Tags themselves are case-sensitive: only the repository is lowercased.
    expect(inputs.tags).toEqual(['ghcr.io/octo-org/hello-world:V1.2', 'octo/app:1']);
  });
  it('passes tags as written otherwise: no docker.io/ or library/ added', () => {
    expect(inputsFor({ tags: 'name/app:7.4, alpine, localhost:5000/app@sha256:' + 'a'.repeat(64) }).tags).toEqual([
      'name/app:7.4',
      'alpine',
      `localhost:5000/app@sha256:${'a'.repeat(64)}`,
    ]);
  });
  it('splits the smoke test like a shell would, without one', () => {
    expect(inputsFor({ 'smoke-test': `sh -c "echo 'ok' done" --flag ''` }).smokeTest).toEqual([
      'sh',
      '-c',
      "echo 'ok' done",
      '--flag',
      '',
    ]);
  });
  it('puts digests under RUNNER_TEMP by default', () => {
    expect(inputsFor({}, { env: { RUNNER_TEMP: '/runner/_temp' } }).digestDir).toBe('/runner/_temp/digests');
  });
});
