import { describe, expect, test } from 'vitest';
import {
  digestsFromFileNames,
  parseDigests,
  parseTargetImages,
  parseIndexAnnotations,
  planTargets,
} from '../../../packages/core/src/merge/index.ts';

const hex = 'a'.repeat(64);
describe('merge inputs', () => {
  test('digests in every accepted form', () => {
    expect(parseDigests(`sha256:${hex}\n${'b'.repeat(64)}, ghcr.io/o/app@sha256:${'c'.repeat(64)}`)).toEqual([
      { digest: `sha256:${hex}`, raw: `sha256:${hex}` },
      { digest: `sha256:${'b'.repeat(64)}`, raw: 'b'.repeat(64) },
      {
        digest: `sha256:${'c'.repeat(64)}`,
        from: { registry: 'ghcr.io', repository: 'o/app' },
        raw: `ghcr.io/o/app@sha256:${'c'.repeat(64)}`,
      },
    ]);
    expect(() => parseDigests('sha256:abc')).toThrow(/input "digests": this is not a sha256 digest/);
  });

  test('digest files named by hex; hidden files skipped; strays refused', () => {
    expect(digestsFromFileNames([hex, '.gitkeep'], '/tmp/d')).toEqual([
      { digest: `sha256:${hex}`, raw: `/tmp/d/${hex}` },
    ]);
    expect(() => digestsFromFileNames(['notes.txt'], '/tmp/d')).toThrow(/not named by a digest/);
    expect(() => digestsFromFileNames([], '/tmp/d')).toThrow(/no digest files/);
  });

  test('meta-style full tags tag their own image; bare tags every image', () => {
    const targets = planTargets(
      parseTargetImages('ghcr.io/o/app, docker.io/o/app'),
      'ghcr.io/o/app:1.0\nlatest\nregistry.example.com/o/app:1.0',
    );
    expect(targets.map((t) => [`${t.image.registry}/${t.image.repository}`, t.tags])).toEqual([
      ['ghcr.io/o/app', ['1.0', 'latest']],
      ['docker.io/o/app', ['latest']],
      ['registry.example.com/o/app', ['1.0', 'latest']],
    ]);
    expect(() => parseTargetImages('ghcr.io/o/app:1.0')).toThrow(/takes no tag or digest/);
  });

  test('index annotations: bare and index-level lines kept, other levels skipped', () => {
    expect(
      parseIndexAnnotations(
        'org.opencontainers.image.title=app\nindex:a=1\nmanifest,index:b=x=y\nmanifest:c=3\nindex-descriptor:d=4',
      ),
    ).toEqual({ 'org.opencontainers.image.title': 'app', a: '1', b: 'x=y' });
    expect(() => parseIndexAnnotations('no-equals')).toThrow(/input "annotations"/);
  });
});
