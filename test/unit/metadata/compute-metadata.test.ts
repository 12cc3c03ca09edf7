import { describe, expect, test } from 'vitest';
import {
  bakeDefinition,
  computeMetadata,
  metadataJson,
  metadataOutputs,
  metadataSummary,
  type MetadataInputs,
} from '../../../packages/core/src/metadata/index.ts';
import { contextFor } from './context-for.ts';

const none: MetadataInputs = { images: '', tags: '', flavor: '', labels: '', annotations: '' };
const tagPush = contextFor('push', 'refs/tags/v1.2.3');
const seps = { tags: '\n', labels: '\n', annotations: '\n' };

describe('computeMetadata', () => {
  test('every image gets every tag; uppercase owners are lowercased so the push does not fail', () => {
    const m = computeMetadata(
      { ...none, images: 'ghcr.io/Acme/Widget\nAcme/widget', tags: 'type=semver,pattern={{version}}' },
      tagPush,
    );
    expect(m.tags.map((t) => t.ref)).toEqual([
      'ghcr.io/acme/widget:1.2.3',
      'ghcr.io/acme/widget:latest',
      'acme/widget:1.2.3',
      'acme/widget:latest',
    ]);
    expect(metadataOutputs(m, seps)['image-refs']).toBe('ghcr.io/acme/widget\ndocker.io/acme/widget');
  });

  test('without images the tags are bare, as docker/metadata-action gives them', () => {
    const m = computeMetadata({ ...none, tags: 'type=semver,pattern={{version}}' }, tagPush);
    expect(m.tags.map((t) => t.ref)).toEqual(['1.2.3', 'latest']);
  });

  test('a disabled image is left out', () => {
    const m = computeMetadata(
      { ...none, images: 'name=ghcr.io/acme/a\nname=ghcr.io/acme/b,enable=false', tags: 'type=raw,value=x' },
      tagPush,
    );
    expect(m.images.map((i) => i.fullName)).toEqual(['ghcr.io/acme/a']);
  });

  test('default OCI labels, sorted, with the version and a reproducible created date', () => {
    const m = computeMetadata(
      { ...none, images: 'ghcr.io/acme/widget', tags: 'type=semver,pattern={{version}}' },
      tagPush,
    );
    expect(Object.fromEntries(m.labels)).toEqual({
      'org.opencontainers.image.created': '2024-06-28T14:30:22.000Z',
      'org.opencontainers.image.description': 'A widget',
      'org.opencontainers.image.licenses': 'MIT',
      'org.opencontainers.image.revision': '860c1904a1ce19322e91ac35af1ab07466440c37',
      'org.opencontainers.image.source': 'https://github.com/Acme/Widget',
      'org.opencontainers.image.title': 'Widget',
      'org.opencontainers.image.url': 'https://github.com/Acme/Widget',
      'org.opencontainers.image.version': '1.2.3',
    });
    expect(m.labels.map(([k]) => k)).toEqual([...m.labels.map(([k]) => k)].sort());
  });

  test('user labels override the defaults and may use expressions', () => {
    const m = computeMetadata(
      {
        ...none,
        labels: 'org.opencontainers.image.title=Widget API\ncom.acme.tag={{tag}}\ncom.acme.url=https://x/?a=b',
      },
      tagPush,
    );
    const labels = Object.fromEntries(m.labels);
    expect(labels['org.opencontainers.image.title']).toBe('Widget API');
    expect(labels['com.acme.tag']).toBe('v1.2.3');
    expect(labels['com.acme.url']).toBe('https://x/?a=b');
  });

  test('annotations are written at each level asked for', () => {
    const m = computeMetadata(
      { ...none, annotations: 'org.opencontainers.image.description=Indexed', annotationLevels: 'manifest,index' },
      tagPush,
    );
    const out = metadataOutputs(m, seps).annotations.split('\n');
    expect(out).toContain('manifest:org.opencontainers.image.description=Indexed');
    expect(out).toContain('index:org.opencontainers.image.description=Indexed');
    expect(out).toHaveLength(16);
  });

  test('build args carry VERSION, COMMIT_SHA and BUILD_DATE, and a user value wins', () => {
    const m = computeMetadata(
      { ...none, tags: 'type=semver,pattern={{version}}', buildArgs: 'VERSION=custom\nGO_VERSION=1.26' },
      tagPush,
    );
    expect(Object.fromEntries(m.buildArgs)).toEqual({
      BUILD_DATE: '2024-06-28T14:30:22.000Z',
      COMMIT_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
      GO_VERSION: '1.26',
      VERSION: 'custom',
    });
  });

  test('the json and bake outputs keep docker/metadata-action shapes', () => {
    const m = computeMetadata(
      { ...none, images: 'ghcr.io/acme/widget', tags: 'type=semver,pattern={{version}}' },
      tagPush,
    );
    const json = metadataJson(m);
    expect(json.tags).toEqual(['ghcr.io/acme/widget:1.2.3', 'ghcr.io/acme/widget:latest']);
    expect(json.labels['org.opencontainers.image.version']).toBe('1.2.3');
    expect(json.annotations[0]).toMatch(/^manifest:org\.opencontainers\.image\.created=/);
    expect(bakeDefinition(m, 'tags', 'docker-metadata-action')).toEqual({
      target: {
        'docker-metadata-action': {
          tags: json.tags,
          args: { DOCKER_META_IMAGES: 'ghcr.io/acme/widget', DOCKER_META_VERSION: '1.2.3' },
        },
      },
    });
    expect(bakeDefinition(m, 'labels', 'app')).toEqual({ target: { app: { labels: json.labels } } });
  });

  test('separators apply to the list outputs', () => {
    const m = computeMetadata(
      { ...none, images: 'ghcr.io/acme/widget', tags: 'type=semver,pattern={{version}}' },
      tagPush,
    );
    expect(metadataOutputs(m, { ...seps, tags: ',' }).tags).toBe(
      'ghcr.io/acme/widget:1.2.3,ghcr.io/acme/widget:latest',
    );
  });

  test.each(['labels', 'annotations'] as const)(
    'a %s line without = is dropped with one warning naming it; foo= is an empty value',
    (input) => {
      const m = computeMetadata({ ...none, [input]: 'invalid\nfoo=\n=bar' }, tagPush);
      const entries = Object.fromEntries(m[input]);
      expect(entries.foo).toBe('');
      expect(Object.keys(entries).filter((key) => !key.startsWith('org.opencontainers.'))).toEqual(['foo']);
      expect(m.warnings).toEqual([
        `${input}: "invalid" is not key=value and is ignored; write e.g. org.opencontainers.image.vendor=Acme`,
        `${input}: "=bar" is not key=value and is ignored; write e.g. org.opencontainers.image.vendor=Acme`,
      ]);
    },
  );

  test('a rule whose prefix expression is empty pushes no tag; explain and the summary say why', () => {
    const m = computeMetadata(
      { ...none, images: 'ghcr.io/acme/widget', tags: 'type=semver,pattern={{version}}\ntype=sha,prefix={{branch}}-' },
      tagPush,
    );
    expect(m.tags.map((t) => t.ref)).toEqual(['ghcr.io/acme/widget:1.2.3', 'ghcr.io/acme/widget:latest']);
    const why = 'type=sha: {{branch}} in prefix={{branch}}- is empty here, so the tag would be "-860c190"';
    expect(JSON.parse(metadataOutputs(m, seps).explain)).toContainEqual({
      rule: 'type=sha,prefix={{branch}}-',
      tags: [],
      reason: why,
    });
    expect(metadataSummary(m)).toContain(`| \`type=sha,prefix={{branch}}-\` | ${why} |`);
  });

  test('DOCKER_METADATA_PR_HEAD_SHA puts the head commit in the revision label, COMMIT_SHA, not just {{sha}}', () => {
    const pr = contextFor('pull_request', 'refs/pull/15/merge', {
      number: 15,
      pull_request: {
        number: 15,
        head: { ref: 'feat', sha: 'b1b6f3c5e0a7d2f4c8e9a1b2c3d4e5f6a7b8c9d0' },
        base: { ref: 'main' },
      },
    });
    const m = computeMetadata({ ...none, tags: 'type=sha', tagOptions: { prHeadSha: true } }, pr);
    expect(m.version).toBe('sha-b1b6f3c');
    expect(Object.fromEntries(m.labels)['org.opencontainers.image.revision']).toBe(
      'b1b6f3c5e0a7d2f4c8e9a1b2c3d4e5f6a7b8c9d0',
    );
    expect(Object.fromEntries(m.annotations)['org.opencontainers.image.revision']).toBe(
      'b1b6f3c5e0a7d2f4c8e9a1b2c3d4e5f6a7b8c9d0',
    );
    expect(Object.fromEntries(m.buildArgs).COMMIT_SHA).toBe('b1b6f3c5e0a7d2f4c8e9a1b2c3d4e5f6a7b8c9d0');
    const merge = computeMetadata({ ...none, tags: 'type=sha' }, pr);
    expect(Object.fromEntries(merge.labels)['org.opencontainers.image.revision']).toBe(
      '860c1904a1ce19322e91ac35af1ab07466440c37',
    );
  });

  test.each([
    ['images', { images: 'ghcr.io/acme/Wid get' }, /input "images"/],
    ['images with a tag', { images: 'ghcr.io/acme/widget:1.0' }, /takes no tag or digest/],
    ['an image attribute', { images: 'name=ghcr.io/acme/w,pin=1' }, /"pin" is not an image attribute/],
    ['annotation levels', { annotationLevels: 'manifests' }, /DOCKER_METADATA_ANNOTATIONS_LEVELS/],
  ])('bad %s fail with one message naming the input', (_name, inputs, message) => {
    expect(() => computeMetadata({ ...none, ...inputs }, tagPush)).toThrow(message);
  });
});
