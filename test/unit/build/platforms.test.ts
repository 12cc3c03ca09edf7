import { describe, expect, it } from 'vitest';
import { builtPlatforms, parseBuilderInspect } from '../../../packages/core/src/build/index.ts';

describe('the platforms a build reports', () => {
  it.each([
    ['the platforms asked for', ['linux/amd64', 'linux/arm64'], ['linux/arm64'], ['linux/amd64', 'linux/arm64']],
    [
      "the builder's default when none were asked for, not the runner's",
      [],
      ['linux/arm64', 'linux/arm/v7'],
      ['linux/arm64'],
    ],
    ["the runner's when the builder lists none (buildah)", [], [], ['linux/amd64']],
    ['never the attestation placeholder', [], ['unknown/unknown', 'linux/s390x'], ['linux/s390x']],
  ])('%s', (_name, requested, builder, expected) => {
    expect(builtPlatforms(requested, builder, 'linux/amd64')).toEqual(expected);
  });
  it('reads the default from a remote arm64 builder as buildx inspect prints it', () => {
    const builder = parseBuilderInspect(
      'Name: kit\nDriver: remote\n\nNodes:\nName: kit0\nStatus: running\n' +
        'BuildKit version: v0.34.2\nPlatforms: linux/arm64, linux/arm/v7, linux/arm/v6\n',
    );
    expect(builtPlatforms([], builder.platforms, 'linux/amd64')).toEqual(['linux/arm64']);
  });
});
