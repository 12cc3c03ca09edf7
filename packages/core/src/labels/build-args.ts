import type { Context } from '../context/index.ts';

/**
 * The build args our users wire by hand in every Dockerfile: the version, the commit, and the
 * build date (SOURCE_DATE_EPOCH-aware through Context.date, so rebuilds are reproducible).
 */
export function defaultBuildArgs(context: Context, version: string | undefined): Array<[string, string]> {
  return [
    ['VERSION', version ?? ''],
    ['COMMIT_SHA', context.sha],
    ['BUILD_DATE', context.date.toISOString()],
  ];
}
