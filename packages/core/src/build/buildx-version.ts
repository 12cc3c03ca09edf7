import semver from 'semver';

/**
 * Reads the version from `docker buildx version`, e.g.
 * `github.com/docker/buildx v0.12.1 30feaa1` or `github.com/docker/buildx 0.17.1 docker-desktop`.
 * A buildx built without its version stamped prints `v0.0.0+unknown`; that gives null, so
 * every version-gated flag stays off and the caller can say why.
 */
export function parseBuildxVersion(output: string): string | null {
  const match = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?:\+\S*)?/.exec(output);
  if (!match) return null;
  const version = semver.valid(match[1]!);
  return version && version !== '0.0.0' ? version : null;
}

/** True when the detected version satisfies the range (false when the version is unknown). */
export function buildxSatisfies(version: string | null, range: string): boolean {
  return version !== null && semver.satisfies(version, range, { includePrerelease: true });
}
