import { describe, expect, test } from 'vitest';
import { parseMetaInputs } from '../../../packages/core/src/steps/meta/index.ts';

const reader = (inputs: Record<string, string>) => (name: string, options?: { trim?: boolean }) => {
  const value = inputs[name] ?? '';
  return options?.trim === false ? value : value.trim();
};

describe('parseMetaInputs', () => {
  test("defaults are docker/metadata-action's; separators keep their spaces", () => {
    const inputs = parseMetaInputs(reader({ 'sep-tags': ', ' }), {});
    expect(inputs).toMatchObject({
      source: 'workflow',
      dateSource: 'now',
      bakeTarget: 'docker-metadata-action',
      summary: true,
      exportEnv: true,
    });
    expect(inputs.separators).toEqual({ tags: ', ', labels: '\n', annotations: '\n' });
  });

  test.each<[string, Record<string, string>, Record<string, string>, RegExp]>([
    ['summary that is not a boolean', { summary: 'maybe' }, {}, /input "summary": is not a boolean \(value: "maybe"\)/],
    ['an unknown context', { context: 'local' }, {}, /input "context".*"local"/],
    ['an unknown date-source', { 'date-source': 'later' }, {}, /input "date-source"/],
    [
      'an unknown tag type',
      { tags: 'type=semver,pattern={{version}}\ntype=nope' },
      {},
      /input "tags": unknown tag type "nope"/,
    ],
    ['an image name with a space', { images: 'ghcr.io/acme/wid get' }, {}, /input "images"/],
    ['a flavor latest that is not auto/true/false', { flavor: 'latest=maybe' }, {}, /input "flavor"/],
    [
      'an unknown expression in a label',
      { labels: 'org.example.ref={{nope}}' },
      {},
      /input "labels": \{\{nope\}\} is not a known expression/,
    ],
    ['an unknown expression in a build arg', { 'build-args': 'REF={{brnach}}' }, {}, /input "build-args"/],
    [
      'an unknown expression in a flavor prefix',
      { flavor: 'prefix={{nope}}-' },
      {},
      /input "flavor": prefix=: \{\{nope\}\}/,
    ],
    ['a build arg without =', { 'build-args': 'NOKEY' }, {}, /input "build-args"/],
    [
      'an annotation level that does not exist',
      {},
      { DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifests' },
      /DOCKER_METADATA_ANNOTATIONS_LEVELS/,
    ],
    [
      'a short sha length that is not a number',
      {},
      { DOCKER_METADATA_SHORT_SHA_LENGTH: 'seven' },
      /DOCKER_METADATA_SHORT_SHA_LENGTH/,
    ],
    [
      'a PR head sha switch that is not a boolean',
      {},
      { DOCKER_METADATA_PR_HEAD_SHA: 'yes' },
      /DOCKER_METADATA_PR_HEAD_SHA/,
    ],
    [
      'an output env switch that is not a boolean',
      {},
      { DOCKER_METADATA_SET_OUTPUT_ENV: 'maybe' },
      /input "DOCKER_METADATA_SET_OUTPUT_ENV": is not a boolean/,
    ],
  ])('%s fails naming it', (_name, inputs, env, message) => {
    expect(() => parseMetaInputs(reader(inputs), env)).toThrow(message);
  });

  test.each([
    ['false', false],
    ['0', false],
    ['F', false],
    ['TRUE', true],
    ['1', true],
  ])('DOCKER_METADATA_SET_OUTPUT_ENV=%s reads as upstream reads it', (value, expected) => {
    expect(parseMetaInputs(reader({}), { DOCKER_METADATA_SET_OUTPUT_ENV: value }).exportEnv).toBe(expected);
  });
});
