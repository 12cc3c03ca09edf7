/**
 * Where two steps give one name two meanings, publish renames one of them: meta's `context`
 * (workflow | git) is not the build context, scan's `cache` (the DB cache, true | false) is
 * not build's cache backend, scan's `platforms` (which to scan) is not what to build, and scan's
 * `json` (Trivy reports) is not meta's `json`. One table, read by the step readers here and by
 * scripts/publish-action.mjs, which writes the root action.yml.
 */
export const PUBLISH_RENAMES: Record<string, { inputs: Record<string, string>; outputs: Record<string, string> }> = {
  meta: { inputs: { context: 'meta-context' }, outputs: {} },
  build: { inputs: {}, outputs: {} },
  scan: { inputs: { cache: 'scan-cache', platforms: 'scan-platforms' }, outputs: { json: 'scan-json' } },
  attest: { inputs: {}, outputs: {} },
};

/** Inputs publish adds of its own: which steps run. */
export const PUBLISH_SWITCHES: Record<string, { description: string; default: string }> = {
  scan: { description: 'Run the scan step on the pushed image (Trivy + Syft). fail-on is none unless set.', default: 'true' },
};

/** The name a step's input or output has in publish. */
export function publishName(step: string, kind: 'inputs' | 'outputs', name: string): string {
  return PUBLISH_RENAMES[step]?.[kind][name] ?? name;
}
