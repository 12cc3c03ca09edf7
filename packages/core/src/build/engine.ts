import semver from 'semver';
import type { EngineChoice } from './build-inputs.ts';

export type Engine = 'buildx' | 'buildah';

export interface BuilderInfo {
  name: string;
  driver: string;
  /** The first node's BuildKit version, null when inspect does not print one. */
  buildkitVersion: string | null;
  status: string;
  platforms: string[];
}

/**
 * Reads `docker buildx inspect [name]`: `Name:`, `Driver:`, then per node `Status:`,
 * `BuildKit version:` (`Buildkit:` before buildx 0.11) and `Platforms:`.
 * https://docs.docker.com/reference/cli/docker/buildx/inspect/
 */
export function parseBuilderInspect(output: string): BuilderInfo {
  const field = (pattern: RegExp) => pattern.exec(output)?.[1]?.trim() ?? '';
  const kit = field(/^Build[Kk]it(?: version)?:\s*(.+)$/m);
  const platforms = field(/^Platforms:\s*(.+)$/m);
  return {
    name: field(/^Name:\s*(.+)$/m),
    driver: field(/^Driver:\s*(.+)$/m),
    buildkitVersion: semver.valid(semver.coerce(kit)?.version ?? '') ?? null,
    status: field(/^Status:\s*(.+)$/m),
    platforms: platforms
      ? platforms
          .split(',')
          .map((p) => p.trim().replace(/\*$/, ''))
          .filter(Boolean)
      : [],
  };
}

export interface EngineProbe {
  /** Result of `docker buildx inspect [builder]`; null when the docker CLI is not there. */
  buildxInspect: { exitCode: number; output: string } | null;
  buildahAvailable: boolean;
}

export interface EngineDecision {
  engine: Engine;
  reason: string;
  builder?: BuilderInfo;
}

/**
 * `auto` takes buildx when the named (or current) builder answers `docker buildx inspect`,
 * with or without a Docker daemon (a remote builder needs none); else buildah. An explicit
 * engine is taken as asked, and fails early with a clear message when it is not there.
 */
export function chooseEngine(requested: EngineChoice, builderName: string, probe: EngineProbe): EngineDecision {
  const builderLabel = builderName ? `builder "${builderName}"` : 'the current builder';
  const inspect = probe.buildxInspect;
  // The current builder `default` is the Docker daemon's; without a daemon, inspect still
  // exits 0 but prints `Error: failed to connect to the docker API …` where the nodes would be.
  const inspectError = inspect === null ? '' : (/^Error:\s*(.+)$/m.exec(inspect.output)?.[1]?.trim() ?? '');
  const buildxOk = inspect !== null && inspect.exitCode === 0 && !inspectError;
  const buildxWhy =
    inspect === null
      ? 'the docker CLI is not installed'
      : `docker buildx inspect ${builderName}`.trim() + ` failed: ${inspectError || lastLine(inspect.output)}`;
  if (requested === 'buildx') {
    if (!buildxOk)
      throw new Error(
        `engine: buildx was asked for, but ${buildxWhy}. ` +
          'Set up buildx (docker/setup-buildx-action) or use engine: buildah or auto.',
      );
    return { engine: 'buildx', reason: 'engine: buildx was set', builder: parseBuilderInspect(inspect.output) };
  }
  if (requested === 'buildah') {
    if (!probe.buildahAvailable)
      throw new Error(
        'engine: buildah was asked for, but buildah is not installed. ' +
          'Install it (apt-get install buildah) or use engine: buildx.',
      );
    return { engine: 'buildah', reason: 'engine: buildah was set' };
  }
  if (buildxOk)
    return {
      engine: 'buildx',
      reason: `auto: ${builderLabel} answered docker buildx inspect`,
      builder: parseBuilderInspect(inspect.output),
    };
  if (probe.buildahAvailable) return { engine: 'buildah', reason: `auto: buildah, because ${buildxWhy}` };
  throw new Error(
    `engine: auto found no builder: ${buildxWhy}, and buildah is not installed. ` +
      'Set up buildx (docker/setup-buildx-action) or install buildah.',
  );
}

function lastLine(text: string): string {
  return text.trim().split(/\r?\n/).filter(Boolean).at(-1) ?? 'no output';
}
