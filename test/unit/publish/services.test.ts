import { describe, expect, test } from 'vitest';
import { changedServices, parseServices, pathGlobToRegExp } from '../../../packages/core/src/publish/index.ts';

describe('parseServices', () => {
  test('one service: the image is the repository, lowercased, and paths default to its context', () => {
    expect(parseServices('- name: app', 'Acme/Widget')).toEqual([
      {
        name: 'app',
        context: '.',
        file: 'Dockerfile',
        image: 'ghcr.io/acme/widget',
        paths: ['**'],
        'build-args': '',
        target: '',
      },
    ]);
  });

  test('several services: <repo>-<name>, context-relative Dockerfile and paths, JSON accepted too', () => {
    const services = parseServices(
      JSON.stringify([
        { name: 'api', context: 'services/api/' },
        { name: 'worker', context: 'services/worker', 'build-args': { GO: '1.26' } },
      ]),
      'acme/mesh',
      'registry.example.com',
    );
    expect(services.map((s) => [s.image, s.file, s.paths[0], s['build-args']])).toEqual([
      ['registry.example.com/acme/mesh-api', 'services/api/Dockerfile', 'services/api/**', ''],
      ['registry.example.com/acme/mesh-worker', 'services/worker/Dockerfile', 'services/worker/**', 'GO=1.26'],
    ]);
  });

  test.each([
    ['not YAML', '- name: [', /is not valid YAML/],
    ['no name', '- context: x', /0\.name/],
    ['an unknown key', '- name: a\n  dockerfile: x', /Unrecognized key|dockerfile/],
    ['a name twice', '- name: a\n- name: a', /"a" is given twice/],
    ['an empty list', '[]', /the list/],
    ['paths that are not strings', '- name: a\n  paths: 3', /0\.paths: expected a string or a list of strings/],
    ['a name that is not a string', '- name: 7', /0\.name: expected string/],
    ['a bad image', '- name: a\n  image: ghcr.io/Acme/App:1', /takes no tag or digest/],
  ])('refuses %s, naming the services input', (_name, text, message) => {
    expect(() => parseServices(text, 'acme/app')).toThrow(/input "services"/);
    expect(() => parseServices(text, 'acme/app')).toThrow(message);
  });
});

describe('changedServices', () => {
  const services = parseServices(
    [
      '- name: api',
      '  context: services/api',
      '- name: web',
      '  context: services/web',
      '  paths: [services/web/**, package.json]',
    ].join('\n'),
    'acme/mono',
  );
  const facts = {
    eventName: 'push',
    ref: 'refs/heads/main',
    changedFiles: [] as string[] | undefined,
    sharedPaths: ['libs/**'],
  };
  const names = (changedFiles: string[] | undefined, over: Partial<typeof facts> = {}) =>
    changedServices(services, { ...facts, changedFiles, ...over }).services.map((s) => s.name);

  test.each([
    ['only the service whose files changed', ['services/api/main.go'], ['api']],
    ['an extra path of a service', ['package.json'], ['web']],
    ['nothing when no service path changed (an empty matrix skips cleanly)', ['README.md'], []],
    ['every service when a shared path changed', ['libs/log/log.go'], ['api', 'web']],
    ['every service when the base is unknown (a new branch)', undefined, ['api', 'web']],
  ])('%s', (_name, files, expected) => {
    expect(names(files)).toEqual(expected);
  });

  test('a version tag builds everything; a per-service tag only its service', () => {
    expect(names(['README.md'], { ref: 'refs/tags/v1.2.3' })).toEqual(['api', 'web']);
    expect(names(['README.md'], { ref: 'refs/tags/api/v1.2.3' })).toEqual(['api']);
  });

  test('workflow_dispatch builds everything', () => {
    expect(names([], { eventName: 'workflow_dispatch' })).toEqual(['api', 'web']);
  });
});

describe('path globs, as workflow paths filters write them', () => {
  test.each([
    ['services/api/**', 'services/api/cmd/main.go', true],
    ['services/api/**', 'services/apix/main.go', false],
    ['*.md', 'README.md', true],
    ['*.md', 'docs/guide.md', false],
    ['**/*.md', 'docs/guide.md', true],
    ['**/*.md', 'README.md', true],
    ['./go.mod', 'go.mod', true],
    ['file?.txt', 'file1.txt', true],
  ])('%s on %s → %s', (glob, path, expected) => {
    expect(pathGlobToRegExp(glob).test(path)).toBe(expected);
  });
});
