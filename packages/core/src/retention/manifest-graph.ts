/**
 * The planner plans over the registry's manifest graph as plain data: digests, children,
 * subjects and blob sizes. Reading it is the registry's job (registry/manifest-graph.ts);
 * the planner knows nothing of HTTP or media-type parsing.
 */
export { manifestGraph, type ManifestGraph, type ManifestNode } from '../registry/manifest-graph.ts';
