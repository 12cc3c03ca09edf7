import { InputError } from '../errors/index.ts';
import { imageName, parseImageRef } from '../reference/index.ts';
import type { CacheSpec } from './cache-spec.ts';
import { cacheAttr } from './cache-spec.ts';
import type { BuildInputs } from './build-inputs.ts';

export interface BuildahArgsOptions {
  inputs: BuildInputs;
  /** Local manifest list the platforms are added to, e.g. `localhost/ghcr-kit-build:<run>`. */
  manifest: string;
  iidFile: string;
  secretPaths: Record<string, string>;
  /** Registry repositories for buildah's layer cache (`--cache-from`/`--cache-to`). */
  cacheFrom: string[];
  cacheTo: string[];
}

export interface BuildahCommand {
  args: string[];
  warnings: string[];
}

/**
 * Refuses what buildah cannot do, before anything starts: a buildx builder, loading into a
 * Docker daemon, BuildKit attestations and exporters, BuildKit-only cache backends.
 * `github-token` is not refused: the action fills it by default, and buildah fetches no git
 * context with it.
 */
export function checkBuildahInputs(inputs: BuildInputs): void {
  const buildx = 'or use engine: buildx.';
  const cacheSpec = [...inputs.cacheFrom, ...inputs.cacheTo].find((spec) => spec.type !== 'registry');
  const rules: Array<{ when: boolean; input: string; value: string; problem: string; fix: string }> = [
    // Under engine: auto the builder is the one auto asked, and it did not answer: falling back
    // to buildah is the point, so the name is no longer a request buildah could break.
    {
      when: !!inputs.builder && inputs.engine !== 'auto',
      input: 'builder',
      value: inputs.builder,
      problem: 'there is no buildx builder',
      fix: `Remove builder, ${buildx}`,
    },
    {
      when: inputs.load,
      input: 'load',
      value: 'true',
      problem: "there is no Docker image store to load into (the image stays in buildah's storage)",
      fix: `Remove load, ${buildx}`,
    },
    {
      when: !!inputs.provenance && !/^false$/i.test(inputs.provenance),
      input: 'provenance',
      value: inputs.provenance,
      problem: 'BuildKit provenance attestations are not produced',
      fix: `Remove provenance (the attest action signs provenance for any image), ${buildx}`,
    },
    {
      when: !!inputs.sbom && !/^false$/i.test(inputs.sbom),
      input: 'sbom',
      value: inputs.sbom,
      problem: 'BuildKit SBOM attestations are not produced',
      fix: `Remove sbom (the scan action writes an SBOM), ${buildx}`,
    },
    {
      when: inputs.outputs.length > 0,
      input: 'outputs',
      value: inputs.outputs.join('\n'),
      problem: 'BuildKit exporters are not available',
      fix: 'Remove outputs; push and push-by-digest work with buildah.',
    },
    {
      when: inputs.noCacheFilters.length > 0,
      input: 'no-cache-filters',
      value: inputs.noCacheFilters.join(','),
      problem: 'per-stage cache filters do not exist',
      fix: 'Use no-cache: true, or engine: buildx.',
    },
    {
      when: inputs.allow.length > 0,
      input: 'allow',
      value: inputs.allow.join(','),
      problem: 'BuildKit entitlements do not exist',
      fix: `Remove allow, ${buildx}`,
    },
    {
      when: inputs.attests.length > 0,
      input: 'attests',
      value: inputs.attests.join('\n'),
      problem: 'BuildKit attestations are not produced',
      fix: `Remove attests (the attest action signs provenance and SBOMs for any image), ${buildx}`,
    },
    {
      when: !!inputs.call,
      input: 'call',
      value: inputs.call,
      problem: 'frontend methods (--call) do not exist',
      fix: `Remove call, ${buildx}`,
    },
    {
      when: cacheSpec !== undefined,
      input: cacheSpec && inputs.cacheFrom.includes(cacheSpec) ? 'cache-from' : 'cache-to',
      value: `type=${cacheSpec?.type}`,
      problem: `the ${cacheSpec?.type} cache backend does not exist`,
      fix: 'Use type=registry,ref=<repository>, or cache: registry.',
    },
  ];
  // The first refusal, in the order a user reads the inputs.
  const refused = rules.find((rule) => rule.when);
  if (refused)
    throw new InputError(refused.input, refused.value, `${refused.problem} with engine buildah`, refused.fix);
  for (const spec of inputs.cacheFrom) buildahCacheRepository(spec, 'cache-from');
  for (const spec of inputs.cacheTo) buildahCacheRepository(spec, 'cache-to');
}

/**
 * The repository buildah keeps a `type=registry` cache in. buildah's `--cache-to` takes a
 * repository and tags every cached layer there by its content hash (64 hex), so buildx's
 * `ref=<image>:buildcache` read as `<image>` would fill the image's own repository with those
 * tags, where a cleanup counts them as tagged images. The tag becomes the last path segment
 * instead: `<image>:buildcache` is `<image>/buildcache`, on GHCR a package of its own. A ref
 * without a tag already names the repository.
 * https://github.com/containers/buildah/blob/main/docs/buildah-build.1.md (--cache-to)
 */
export function buildahCacheRepository(spec: CacheSpec, input: 'cache-from' | 'cache-to'): string {
  const raw = cacheAttr(spec, 'ref') ?? '';
  const ref = parseImageRef(raw, { input });
  if (ref.digest) {
    const problem = 'a cache ref with a digest names one image, not a place to keep a cache';
    throw new InputError(input, raw, problem, 'Drop the @sha256:… part.');
  }
  const repository = ref.tag ? `${imageName(ref)}/${ref.tag.toLowerCase()}` : imageName(ref);
  return imageName(parseImageRef(repository, { input }));
}

/**
 * `buildah build` for every platform into one local manifest list.
 * https://github.com/containers/buildah/blob/main/docs/buildah-build.1.md
 */
export function buildahBuildArgs(options: BuildahArgsOptions): BuildahCommand {
  const { inputs } = options;
  const warnings: string[] = [];
  const args = ['build'];
  if (inputs.platforms.length) args.push('--platform', inputs.platforms.join(','));
  args.push('--manifest', options.manifest);
  // buildah writes one image id per file, so only a single-platform build gets one.
  if (inputs.platforms.length <= 1) args.push('--iidfile', options.iidFile);
  if (inputs.file) args.push('--file', inputs.file);
  for (const host of inputs.addHosts) args.push('--add-host', host);
  if (inputs.cgroupParent) args.push('--cgroup-parent', inputs.cgroupParent);
  for (const [key, value] of inputs.buildArgs) args.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of inputs.labels) args.push('--label', `${key}=${value}`);
  for (const line of inputs.annotations) {
    // buildah writes annotations into each image manifest; index and descriptor levels are buildx's.
    const level = /^(manifest|index|manifest-descriptor|index-descriptor)(\[[^\]]*\])?:/.exec(line);
    if (!level || level[1] === 'manifest') args.push('--annotation', level ? line.slice(level[0].length) : line);
    else
      warnings.push(`annotation "${line}" is at the ${level[1]} level, which buildah does not write; it is left out.`);
  }
  for (const context of inputs.buildContexts) args.push('--build-context', context);
  for (const secret of inputs.secrets) args.push('--secret', `id=${secret.id},src=${options.secretPaths[secret.id]}`);
  for (const secret of inputs.secretFiles) args.push('--secret', `id=${secret.id},src=${secret.value}`);
  for (const secret of inputs.secretEnvs) args.push('--secret', `id=${secret.id},src=${secret.value},type=env`);
  for (const ssh of inputs.ssh) args.push('--ssh', ssh);
  if (inputs.target) args.push('--target', inputs.target);
  if (inputs.network) args.push('--network', inputs.network);
  if (inputs.shmSize) args.push('--shm-size', inputs.shmSize);
  for (const ulimit of inputs.ulimit) args.push('--ulimit', ulimit);
  if (inputs.noCache) args.push('--no-cache');
  if (inputs.pull) args.push('--pull=always');
  if (options.cacheFrom.length || options.cacheTo.length) args.push('--layers');
  for (const repo of options.cacheFrom) args.push('--cache-from', repo);
  for (const repo of options.cacheTo) args.push('--cache-to', repo);
  // A loopback cache is plain HTTP, as Docker treats loopback registries; buildah build has no
  // per-registry switch, so a cache on this host turns TLS verification off for the build.
  const cacheHosts = [...options.cacheFrom, ...options.cacheTo].map((repo) => repo.split('/')[0]!);
  if (cacheHosts.some(isLoopbackRegistry)) args.push('--tls-verify=false');
  args.push(inputs.context);
  return { args, warnings };
}

/**
 * Docker treats registries on 127.0.0.0/8 as plain HTTP; containers/image does not, so we
 * tell buildah and skopeo the same for loopback hosts only.
 * https://docs.docker.com/reference/cli/dockerd/#insecure-registries
 */
export function isLoopbackRegistry(host: string): boolean {
  const name = host.replace(/:\d+$/, '');
  return name === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '[::1]';
}

function tlsFlag(flag: string, registry: string): string[] {
  return isLoopbackRegistry(registry) ? [`${flag}=false`] : [];
}

/**
 * Pushing, step one: write the image (one platform by digest) or the list into a local OCI
 * layout, which gives the digest. The registry push is skopeo's (step two): buildah 1.28
 * (Debian 12, Ubuntu 24.04) ends `manifest push` with exit 0 and an empty digest file when a
 * registry answers 5xx or 403, having pushed nothing, where skopeo fails and says why.
 */
export function buildahLayoutArgs(options: {
  manifest: string;
  imageId: string;
  singlePlatform: boolean;
  layout: string;
  digestFile: string;
}): string[] {
  const dest = `oci:${options.layout}:image`;
  return options.singlePlatform
    ? ['push', '--format', 'oci', '--digestfile', options.digestFile, options.imageId, dest]
    : ['manifest', 'push', '--all', '--format', 'oci', '--digestfile', options.digestFile, options.manifest, dest];
}

/**
 * Step two: copy the layout to `name:tag` or `name@digest`, bytes kept (`--preserve-digests`),
 * so every tag and the digest output name the same index. skopeo's own retries come first;
 * run-build retries what they give up on.
 */
export function skopeoPushArgs(layout: string, destination: string, all: boolean): string[] {
  const { registry } = parseImageRef(destination, { input: 'tags' });
  return [
    'copy',
    ...(all ? ['--all'] : []),
    '--preserve-digests',
    '--retry-times',
    '3',
    ...tlsFlag('--dest-tls-verify', registry),
    `oci:${layout}:image`,
    `docker://${destination}`,
  ];
}

/**
 * The environment buildah and skopeo run with. buildah takes `$DOCKER_CONFIG/config.json` as
 * its auth file whenever DOCKER_CONFIG is set (and REGISTRY_AUTH_FILE is not), and refuses to
 * start when that file is missing ("checking authfile: … no such file"), where docker would just
 * find no credentials. A DOCKER_CONFIG without config.json holds no credentials to lose (a
 * buildx-only config, a fresh runner), so it is left out; anything else runs unchanged (undefined).
 * https://github.com/containers/common/blob/main/pkg/auth/auth.go (GetDefaultAuthFile, CheckAuthFile)
 */
export function buildahEnvironment(
  env: Record<string, string | undefined>,
  fileExists: (path: string) => boolean,
): Record<string, string> | undefined {
  const dockerConfig = env.DOCKER_CONFIG;
  if (!dockerConfig || env.REGISTRY_AUTH_FILE || fileExists(`${dockerConfig.replace(/\/+$/, '')}/config.json`))
    return undefined;
  const { DOCKER_CONFIG: _dropped, ...rest } = env;
  return Object.fromEntries(Object.entries(rest).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
