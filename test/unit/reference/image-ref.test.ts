import { describe, expect, test } from 'vitest';
import { formatImageRef, imageName, parseImageRef } from '../../../packages/core/src/reference/index.ts';

describe('parseImageRef', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx', undefined, undefined],
    ['user/app', 'docker.io/user/app', undefined, undefined],
    ['index.docker.io/user/app:1', 'docker.io/user/app', '1', undefined],
    ['ghcr.io/MyOrg/My-App', 'ghcr.io/myorg/my-app', undefined, undefined],
    ['localhost:5000/team/app:v1.2.3', 'localhost:5000/team/app', 'v1.2.3', undefined],
    ['127.0.0.1:5000/app@sha256:' + 'a'.repeat(64), '127.0.0.1:5000/app', undefined, 'sha256:' + 'a'.repeat(64)],
    ['ghcr.io/o/a:tag@sha256:' + 'b'.repeat(64), 'ghcr.io/o/a', 'tag', 'sha256:' + 'b'.repeat(64)],
    ['Registry.Example.com/deep/path/name', 'registry.example.com/deep/path/name', undefined, undefined],
  ])('%s → %s (tag %s, digest %s)', (raw, name, tag, digest) => {
    const ref = parseImageRef(raw);
    expect(imageName(ref)).toBe(name);
    expect(ref.tag).toBe(tag);
    expect(ref.digest).toBe(digest);
  });

  test('formats back to the full form', () => {
    expect(formatImageRef(parseImageRef('ghcr.io/Acme/App:1.0'))).toBe('ghcr.io/acme/app:1.0');
  });

  test.each([
    ['', 'empty'],
    ['ghcr.io/owner/app name', 'spaces'],
    ['ghcr.io/owner/-app', 'not a valid path component'],
    ['ghcr.io/owner/app:.bad', 'not a valid tag'],
    ['ghcr.io/owner/app@sha256:abc', 'not a sha256 digest'],
    ['ghcr.io/owner/app@nodigest', 'not a digest'],
    ['ghcr.io/', 'no repository path'],
  ])('refuses %j with a message naming the input (%s)', (raw, problem) => {
    expect(() => parseImageRef(raw, { input: 'images' })).toThrow(/input "images"/);
    expect(() => parseImageRef(raw, { input: 'images' })).toThrow(problem);
  });
});
