import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageRefs, parseBuildxMetadata } from '../../../packages/core/src/build/index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/buildx-metadata/${name}.json`, import.meta.url), 'utf8');

describe('buildx --metadata-file', () => {
  it('a multi-platform push: the index digest, every tag, the build ref', () => {
    const result = parseBuildxMetadata(fixture('multi-platform-push'));
    expect(result.digest).toBe('sha256:6e2cd8b4fa9b2bcd3c9a4f6f0f6e5a0c1d7f8b3a2e9c4d5b6a7f8e9d0c1b2a34');
    expect(result.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(result.imageNames).toEqual([
      'ghcr.io/octo-org/hello-world:main',
      'ghcr.io/octo-org/hello-world:sha-860c190',
    ]);
    expect(result.buildRef).toBe('builder-3f1a/builder-3f1a0/xz9q2m7l4k1w8e5r0t6y3u2i1');
    expect(result.configDigest).toBe('');
    expect(imageRefs(result.imageNames, result.digest)).toEqual([
      'ghcr.io/octo-org/hello-world@sha256:6e2cd8b4fa9b2bcd3c9a4f6f0f6e5a0c1d7f8b3a2e9c4d5b6a7f8e9d0c1b2a34',
    ]);
  });
  it('a single-platform load: the config digest too', () => {
    const result = parseBuildxMetadata(fixture('single-platform-load'));
    expect(result.configDigest).toBe('sha256:13afe372fd8124d49ce5be8c8192d287be54cfdd6b82e29288b19cb54b1c0dad');
    expect(imageRefs(result.imageNames, result.digest)).toEqual([
      'docker.io/library/app@sha256:61452d0364bd50182737f5ed13cf1c00733565bb4ed1068b5e6b69d9a5a0bac1',
    ]);
  });
  it('a push by digest: the bare name, warnings kept in the raw metadata', () => {
    const result = parseBuildxMetadata(fixture('push-by-digest'));
    expect(result.imageNames).toEqual(['ghcr.io/octo-org/hello-world']);
    expect(result.raw['buildx.build.warnings']).toHaveLength(1);
  });
  it('a local export has no image: empty fields, no refs', () => {
    const result = parseBuildxMetadata(fixture('local-exporter'));
    expect(result.digest).toBe('');
    expect(imageRefs(result.imageNames, result.digest)).toEqual([]);
  });
  it('an empty file (a failed export) gives empty fields', () => {
    expect(parseBuildxMetadata('').digest).toBe('');
  });
  it('a digest that is not sha256 is rejected with the key named', () => {
    expect(() => parseBuildxMetadata('{"containerimage.digest":"md5:abc"}')).toThrow(
      /containerimage\.digest: not a sha256 digest/,
    );
  });
});
