import { describe, expect, test } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import {
  composeIndex,
  classifyDescriptor,
  platformKey,
  sha256Digest,
  OCI_INDEX,
  OCI_MANIFEST,
  DOCKER_MANIFEST,
  DOCKER_SCHEMA1_SIGNED,
  DOCKER_MANIFEST_LIST,
  type Descriptor,
} from '../../../packages/core/src/registry/index.ts';

const d = (n: number, extra: Partial<Descriptor> = {}): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  size: 100 + n,
  ...extra,
});
const amd = d(1, { platform: { os: 'linux', architecture: 'amd64' } });
const arm = d(2, { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });

describe('composeIndex', () => {
  test('sorted by platform, so the digest does not depend on input order', () => {
    const a = composeIndex([
      { descriptor: arm, source: 'a' },
      { descriptor: amd, source: 'b' },
    ]);
    const b = composeIndex([
      { descriptor: amd, source: 'b' },
      { descriptor: arm, source: 'a' },
    ]);
    expect(a.digest).toBe(b.digest);
    expect(a.digest).toBe(sha256Digest(a.bytes));
    expect(a.platforms).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(a.index).toEqual({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [amd, arm] });
  });

  test('OCI and Docker schema 2 children mix in an OCI index', () => {
    const docker = { ...arm, mediaType: DOCKER_MANIFEST };
    expect(
      composeIndex([
        { descriptor: amd, source: 'a' },
        { descriptor: docker, source: 'b' },
      ]).index.manifests.map((m) => m.mediaType),
    ).toEqual([OCI_MANIFEST, DOCKER_MANIFEST]);
  });

  test('attestations follow the images and only when their image is in', () => {
    const att = (n: number, target: string) =>
      d(n, {
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': target },
      });
    const result = composeIndex([
      { descriptor: amd, source: 'a', attestations: [att(3, amd.digest), att(4, d(9).digest)] },
      { descriptor: arm, source: 'b' },
    ]);
    expect(result.index.manifests.map((m) => m.digest)).toEqual([amd.digest, arm.digest, d(3).digest]);
    expect(result.platforms).toEqual(['linux/amd64', 'linux/arm64/v8']);
  });

  test('annotations are sorted into the index', () => {
    expect(
      composeIndex([{ descriptor: amd, source: 'a' }], { annotations: { b: '2', a: '1' } }).bytes.toString(),
    ).toContain('"annotations":{"a":"1","b":"2"}');
  });

  test('the same digest twice is one entry', () => {
    expect(
      composeIndex([
        { descriptor: amd, source: 'a' },
        { descriptor: amd, source: 'a again' },
      ]).index.manifests,
    ).toHaveLength(1);
  });

  test.each([
    [
      'two digests for one platform',
      [amd, d(5, { platform: { os: 'linux', architecture: 'amd64' } })],
      /are both for linux\/amd64/,
    ],
    ['schema 1', [d(6, { mediaType: DOCKER_SCHEMA1_SIGNED, platform: amd.platform! })], /Docker schema 1 manifest/],
    ['a nested index', [d(7, { mediaType: DOCKER_MANIFEST_LIST })], /is itself an index/],
    [
      'an artifact',
      [d(8, { artifactType: 'application/vnd.cncf.helm.config.v1+json', platform: amd.platform! })],
      /is not a container image/,
    ],
    [
      'a non-image media type',
      [d(8, { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip' })],
      /is not a container image/,
    ],
    ['no platform', [d(9)], /does not say which platform/],
    ['nothing', [], /no image to put in the index/],
  ])('refuses %s with an InputError', (_name, descriptors, message) => {
    const run = () => composeIndex(descriptors.map((descriptor, i) => ({ descriptor, source: `src${i}` })));
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });
});

describe('image graph classification', () => {
  test.each([
    [amd, 'image'],
    [d(1, { mediaType: OCI_INDEX }), 'index'],
    [d(1, { annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } }), 'attestation'],
    [d(1, { artifactType: 'application/spdx+json' }), 'artifact'],
    [d(1, { mediaType: DOCKER_SCHEMA1_SIGNED }), 'schema1'],
  ] as const)('%# %s', (descriptor, kind) => expect(classifyDescriptor(descriptor)).toBe(kind));
  test('platform keys', () => {
    expect(platformKey(arm.platform)).toBe('linux/arm64/v8');
    expect(platformKey(undefined)).toBe('unknown');
  });
});
