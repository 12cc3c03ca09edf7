import type { CacheSpec } from './cache-spec.ts';
import type { CacheMode } from './cache-scope.ts';

export type EngineChoice = 'buildx' | 'buildah' | 'auto';

export interface Secret {
  id: string;
  value: string;
}

/** Everything the build action was asked to do, validated before any builder starts. */
export interface BuildInputs {
  engine: EngineChoice;
  context: string;
  file: string;
  platforms: string[];
  push: boolean;
  /** Why push is what it is, for the summary (a pull request, an explicit input, …). */
  pushReason: string;
  load: boolean;
  tags: string[];
  labels: Array<[string, string]>;
  /** `[level:]key=value`, as buildx's --annotation takes them. */
  annotations: string[];
  buildArgs: Array<[string, string]>;
  buildContexts: string[];
  secrets: Secret[];
  secretFiles: Secret[];
  secretEnvs: Secret[];
  ssh: string[];
  target: string;
  cacheFrom: CacheSpec[];
  cacheTo: CacheSpec[];
  cache: CacheMode;
  provenance: string;
  sbom: string;
  outputs: string[];
  noCache: boolean;
  noCacheFilters: string[];
  pull: boolean;
  builder: string;
  network: string;
  shmSize: string;
  ulimit: string[];
  allow: string[];
  /** `host:ip`, one `--add-host` each. */
  addHosts: string[];
  /** `type=…,…`, one `--attest` each (provenance and sbom take precedence for their types). */
  attests: string[];
  /** `--call`: a frontend method such as `check` or `outline` instead of a build. */
  call: string;
  cgroupParent: string;
  githubToken: string;
  pushByDigest: boolean;
  /** Image names (no tag) a push by digest goes to. */
  digestImages: string[];
  digestDir: string;
  /** Arguments for the smoke test run; undefined when no smoke test was asked for. */
  smokeTest: string[] | undefined;
  /** Which inputs fell back to the meta step's environment, for the summary. */
  fromMeta: string[];
  /** Write the job summary. */
  summary: boolean;
}
