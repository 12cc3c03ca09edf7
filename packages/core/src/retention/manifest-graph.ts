/**
 * What the planner needs to know about one manifest. The registry client's image model maps to
 * this with a thin adapter; the planner knows nothing of HTTP or media-type parsing.
 */
export interface ManifestNode {
  digest: string;
  mediaType: string;
  /** Bytes of the manifest itself. */
  size: number;
  /**
   * Manifests an index lists: platform images, buildx attestation manifests, nested indexes.
   * https://github.com/opencontainers/image-spec/blob/main/image-index.md
   * https://docs.docker.com/build/metadata/attestations/attestation-storage/
   */
  children: string[];
  /**
   * The manifest this one refers to (a signature, attestation or SBOM pushed as an OCI
   * referrer). https://github.com/opencontainers/image-spec/blob/main/manifest.md#image-manifest-property-descriptions
   */
  subject?: string;
  /** Config and layers, for the bytes a deletion frees. */
  blobs: Array<{ digest: string; size: number }>;
}

/** Digest → manifest, for the manifests the run could read. */
export type ManifestGraph = ReadonlyMap<string, ManifestNode>;

export function manifestGraph(nodes: Iterable<ManifestNode>): ManifestGraph {
  return new Map([...nodes].map((node) => [node.digest, node]));
}
