export interface CachedSteps {
  /** Dockerfile steps the build ran or reused, per platform (`[linux/amd64 2/3] RUN …`). */
  total: number;
  /** Those BuildKit reused from a cache (local state or an imported cache) instead of running. */
  cached: number;
}

/**
 * Counts Dockerfile steps in buildx's plain progress output, the form it prints when its
 * output is not a terminal (as on a runner). A step is a vertex named `[<platform> <stage> n/m]`
 * (platform and stage only when there are several); BuildKit prints `#<n> CACHED` for one it
 * reused and `#<n> DONE` for one it ran. `[internal]` and cache import/export vertices are not
 * steps. Null when the output holds no steps (another progress mode, or an empty Dockerfile).
 * https://docs.docker.com/reference/cli/docker/buildx/build/#progress
 */
export function countCachedSteps(output: string): CachedSteps | null {
  const steps = new Set<string>();
  const cached = new Set<string>();
  for (const line of output.split(/\r?\n/)) {
    const header = /^#(\d+) \[(?:[^\]]* )?\d+\/\d+\] /.exec(line);
    if (header) steps.add(header[1]!);
    const status = /^#(\d+) CACHED\s*$/.exec(line);
    if (status) cached.add(status[1]!);
  }
  if (steps.size === 0) return null;
  return { total: steps.size, cached: [...cached].filter((id) => steps.has(id)).length };
}
