import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBuildFailure } from '../../../packages/core/src/build/index.ts';

const output = (name: string) =>
  readFileSync(new URL(`../../fixtures/build-failures/${name}.txt`, import.meta.url), 'utf8');

describe('the failure annotation points at the Dockerfile line', () => {
  it('buildx: a failing RUN, in a Dockerfile with another name', () => {
    const a = parseBuildFailure(output('buildx-run-failed'), 'docker/app.Dockerfile');
    expect(a).toMatchObject({
      file: 'docker/app.Dockerfile',
      line: 7,
      message:
        'failed to build: failed to solve: process "/bin/sh -c make test" did not complete successfully: exit code: 2',
    });
    expect(a.tail.at(-1)).toMatch(/^ERROR: failed to build/);
  });
  it('buildx: a parse error', () => {
    expect(parseBuildFailure(output('buildx-parse-error'), '')).toMatchObject({
      file: 'Dockerfile',
      line: 3,
      message: expect.stringMatching(/unknown instruction: FORM/),
    });
  });
  it('buildah: the STEP is looked up in the Dockerfile', () => {
    const dockerfile = 'FROM scratch\nARG X\nCOPY missing.txt /\n';
    expect(parseBuildFailure(output('buildah-copy-missing'), 'ctx/Dockerfile', dockerfile)).toMatchObject({
      file: 'ctx/Dockerfile',
      line: 3,
      message: expect.stringMatching(/^building at STEP "COPY missing.txt \/"/),
    });
  });
  it('buildah: an unknown instruction and an exec-form RUN', () => {
    expect(
      parseBuildFailure(
        output('buildah-unknown-instruction'),
        'Dockerfile',
        'FROM scratch\nCOPY hello.txt /\nFORM scratch\n',
      ).line,
    ).toBe(3);
    expect(
      parseBuildFailure(output('buildah-run-failed'), 'Dockerfile', 'FROM scratch\nCOPY hello.txt /\nRUN ["/nope"]\n')
        .line,
    ).toBe(3);
  });
  it('no line when the builder names none', () => {
    const a = parseBuildFailure(
      'ERROR: failed to push ghcr.io/o/a:1: unexpected status: 401 Unauthorized\n',
      'Dockerfile',
    );
    expect(a.line).toBeUndefined();
    expect(a.message).toBe('failed to push ghcr.io/o/a:1: unexpected status: 401 Unauthorized');
  });
});
