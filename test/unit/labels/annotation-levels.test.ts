import { expect, test } from 'vitest';
import { annotationsAtLevels, parseAnnotationLevels } from '../../../packages/core/src/labels/index.ts';

test('defaults to the manifest level, like docker/metadata-action', () => {
  expect(parseAnnotationLevels(undefined)).toEqual(['manifest']);
});

test('prefixes every annotation at every level, for buildx --annotation', () => {
  const levels = parseAnnotationLevels('manifest,index');
  expect(annotationsAtLevels([['org.opencontainers.image.title', 'app']], levels)).toEqual([
    'manifest:org.opencontainers.image.title=app',
    'index:org.opencontainers.image.title=app',
  ]);
});

test('accepts the descriptor levels', () => {
  expect(parseAnnotationLevels('manifest-descriptor, index-descriptor')).toEqual([
    'manifest-descriptor',
    'index-descriptor',
  ]);
});

test('an unknown level names the variable and lists the accepted ones', () => {
  expect(() => parseAnnotationLevels('manifest,indx')).toThrow(
    /DOCKER_METADATA_ANNOTATIONS_LEVELS.*"indx" is not an annotation level.*manifest, index/,
  );
});
