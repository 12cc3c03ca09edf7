import { describe, expect, it } from 'vitest';
import { defaultGitContext, renderDefaultContext, usesDefaultContext } from '../../../packages/core/src/build/index.ts';
import { eventContext, PR_HEAD_SHA, SHA } from '../events.ts';

const REPO = 'https://github.com/octo-org/hello-world.git';

describe('the default Git context, as docker/build-push-action builds it', () => {
  it('pins the event commit, so a later push to the branch does not change what is built', () => {
    expect(defaultGitContext(eventContext('push-branch'), {}, '0.17.1')).toBe(`${REPO}#${SHA}`);
  });
  it('takes the ref where the run has no commit', () => {
    const context = { ...eventContext('push-tag'), sha: '' };
    expect(defaultGitContext(context, {}, '0.17.1')).toBe(`${REPO}#refs/tags/v1.2.3`);
  });
  it('a pull request builds its merge commit, or its head with DOCKER_DEFAULT_GIT_CONTEXT_PR_HEAD_REF', () => {
    const context = eventContext('pull-request');
    expect(defaultGitContext(context, {}, '0.17.1')).toBe(`${REPO}#${context.sha}`);
    expect(defaultGitContext(context, { DOCKER_DEFAULT_GIT_CONTEXT_PR_HEAD_REF: 'true' }, '0.17.1')).toBe(
      `${REPO}#${PR_HEAD_SHA}`,
    );
  });
  it.each([
    ['0.29.0', `${REPO}?ref=${SHA}`],
    ['0.28.1', `${REPO}#${SHA}`],
    [null, `${REPO}#${SHA}`],
  ])('BUILDX_SEND_GIT_QUERY_AS_INPUT on buildx %s gives %s', (version, expected) => {
    expect(defaultGitContext(eventContext('push-branch'), { BUILDX_SEND_GIT_QUERY_AS_INPUT: 'true' }, version)).toBe(
      expected,
    );
  });
  it('a GitHub Enterprise server goes into the URL', () => {
    const context = { ...eventContext('push-branch'), serverUrl: 'https://ghe.example.com' };
    expect(defaultGitContext(context, {}, '0.17.1')).toBe(`https://ghe.example.com/octo-org/hello-world.git#${SHA}`);
  });
  it('{{defaultContext}} is replaced wherever it stands, spaces allowed, and recognized', () => {
    expect(renderDefaultContext('{{ defaultContext }}:docker', `${REPO}#x`)).toBe(`${REPO}#x:docker`);
    expect(usesDefaultContext('{{defaultContext}}')).toBe(true);
    expect(usesDefaultContext('.')).toBe(false);
  });
});
