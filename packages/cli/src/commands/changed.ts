import { execFileSync } from 'node:child_process';
import { changedServices, parseServices } from '@ghcr-kit/core/publish';
import { splitInputList } from '@ghcr-kit/core/actions';
import { InputError } from '@ghcr-kit/core/errors';

export interface ChangedFlags {
  services?: string;
  'shared-paths'?: string;
  base?: string;
  event?: string;
  ref?: string;
  registry?: string;
  repo?: string;
  cwd?: string;
}

/**
 * `ghcr-kit changed`: the services the publish workflow builds for this event, as a JSON array
 * on stdout (the reason on stderr). Our own change detection: no third-party action, no
 * secrets, only `git diff` on the checkout.
 */
export function changed(
  flags: ChangedFlags,
  env: Record<string, string | undefined>,
): { json: string; reason: string } {
  const repository = (flags.repo ?? env.GITHUB_REPOSITORY ?? '').toLowerCase();
  if (!repository.includes('/'))
    throw new InputError(
      'repo',
      repository,
      'changed needs the repository',
      'Pass --repo owner/name (GITHUB_REPOSITORY on a runner).',
    );
  const services = parseServices(flags.services ?? '', repository, flags.registry || 'ghcr.io');
  const decision = changedServices(services, {
    eventName: flags.event ?? env.GITHUB_EVENT_NAME ?? 'push',
    ref: flags.ref ?? env.GITHUB_REF ?? '',
    changedFiles: diffAgainst(flags.base ?? '', flags.cwd ?? '.'),
    sharedPaths: splitInputList(flags['shared-paths'] ?? '', { commas: true }),
  });
  const rows = decision.services.map(({ name, context, file, image, target, 'build-args': buildArgs }) => ({
    name,
    context,
    file,
    image,
    'build-args': buildArgs,
    target,
  }));
  return { json: JSON.stringify(rows), reason: decision.reason };
}

/** Files changed between base and HEAD; undefined when the base is unknown or not fetched. */
function diffAgainst(base: string, cwd: string): string[] | undefined {
  if (!base || /^0+$/.test(base)) return undefined;
  try {
    return execFileSync('git', ['diff', '--name-only', base, 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter(Boolean);
  } catch {
    return undefined;
  }
}
