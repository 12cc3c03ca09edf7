import type { Context } from '../context/index.ts';
import { formatCacheSpec, type CacheSpec } from './cache-spec.ts';
import { buildxSatisfies } from './buildx-version.ts';
import type { BuildInputs } from './inputs.ts';

export interface BuildxArgsOptions {
  inputs: BuildInputs;
  /** Detected buildx version (parseBuildxVersion); null switches every gated flag off. */
  buildxVersion: string | null;
  /** BuildKit version of the builder; provenance is on by default from 0.11. */
  buildkitVersion: string | null;
  cacheFrom: CacheSpec[];
  cacheTo: CacheSpec[];
  iidFile: string;
  metadataFile: string;
  /** Secret id → path of the 0600 file that holds it (from `secrets` and the github token). */
  secretPaths: Record<string, string>;
  context: Context;
  /** BUILDX_NO_DEFAULT_ATTESTATIONS, which buildx itself also honours. */
  noDefaultAttestations: boolean;
}

export interface BuildxCommand {
  /** Arguments after `docker`. */
  args: string[];
  /** Inputs the detected buildx cannot honour, said out loud rather than dropped silently. */
  warnings: string[];
}

/**
 * `docker buildx build` arguments for docker/build-push-action's inputs, with the same version
 * gates it applies, so a workflow that switches gets the same build.
 * https://docs.docker.com/reference/cli/docker/buildx/build/
 */
export function buildxBuildArgs(options: BuildxArgsOptions): BuildxCommand {
  const { inputs, buildxVersion: version } = options;
  const warnings: string[] = [];
  const args = ['buildx', 'build'];
  const gate = (range: string, input: string, present: boolean): boolean => {
    if (buildxSatisfies(version, range)) return true;
    if (present) warnings.push(`${input} needs buildx ${range} (found ${version ?? 'an unknown version'}); the input "${input}" is ignored.`);
    return false;
  };

  for (const allow of inputs.allow) args.push('--allow', allow);
  if (gate('>=0.12.0', 'annotations', inputs.annotations.length > 0)) for (const a of inputs.annotations) args.push('--annotation', a);
  for (const [key, value] of inputs.buildArgs) args.push('--build-arg', `${key}=${value}`);
  if (gate('>=0.8.0', 'build-contexts', inputs.buildContexts.length > 0)) for (const c of inputs.buildContexts) args.push('--build-context', c);
  for (const spec of options.cacheFrom) args.push('--cache-from', formatCacheSpec(spec));
  for (const spec of options.cacheTo) args.push('--cache-to', formatCacheSpec(spec));
  for (const secret of inputs.secretEnvs) args.push('--secret', `id=${secret.id},env=${secret.value}`);
  if (inputs.file) args.push('--file', inputs.file);
  // buildx writes no image id for the local and tar exporters.
  if (!inputs.outputs.some((o) => /(^|,)type=(local|tar)(,|$)/.test(o) || /^[^=,]+$/.test(o))) args.push('--iidfile', options.iidFile);
  for (const [key, value] of inputs.labels) args.push('--label', `${key}=${value}`);
  for (const filter of inputs.noCacheFilters) args.push('--no-cache-filter', filter);
  for (const output of inputs.outputs) args.push('--output', output);
  if (inputs.pushByDigest) args.push('--output', digestOutput(inputs.digestImages, inputs.push));
  if (inputs.platforms.length > 0) args.push('--platform', inputs.platforms.join(','));
  const attest = inputs.provenance !== '' || inputs.sbom !== '';
  if (gate('>=0.10.0', 'provenance/sbom', attest)) args.push(...attestArgs(options));
  for (const secret of inputs.secrets) args.push('--secret', `id=${secret.id},src=${options.secretPaths[secret.id]}`);
  for (const secret of inputs.secretFiles) args.push('--secret', `id=${secret.id},src=${secret.value}`);
  const token = gitAuthTokenId(options);
  if (token) args.push('--secret', `id=${token},src=${options.secretPaths[token]}`);
  if (inputs.shmSize) args.push('--shm-size', inputs.shmSize);
  for (const ssh of inputs.ssh) args.push('--ssh', ssh);
  for (const tag of inputs.tags) args.push('--tag', tag);
  if (inputs.target) args.push('--target', inputs.target);
  for (const ulimit of inputs.ulimit) args.push('--ulimit', ulimit);
  if (inputs.builder) args.push('--builder', inputs.builder);
  if (inputs.load) args.push('--load');
  if (buildxSatisfies(version, '>=0.6.0')) args.push('--metadata-file', options.metadataFile);
  else warnings.push(`buildx ${version ?? '(unknown version)'} writes no metadata file (needs >=0.6.0): the digest and metadata outputs come from the image id only.`);
  if (inputs.network) args.push('--network', inputs.network);
  if (inputs.noCache) args.push('--no-cache');
  if (inputs.pull) args.push('--pull');
  if (inputs.push && !inputs.pushByDigest) args.push('--push');
  args.push(inputs.context);
  return { args, warnings };
}

/**
 * Docker's multi-platform recipe: each runner pushes its platform by digest only, the merge
 * step makes the tagged index. Several names go in one quoted CSV field.
 * https://docs.docker.com/build/ci/github-actions/multi-platform/#distribute-build-across-multiple-runners
 */
export function digestOutput(images: string[], push: boolean): string {
  const names = images.length > 1 ? `"name=${images.join(',')}"` : `name=${images[0] ?? ''}`;
  return `type=image,${names},push-by-digest=true,name-canonical=true,push=${push}`;
}

/**
 * The provenance docker/build-push-action adds when none is asked for: max for public
 * repositories, min and inline-only for private ones (buildx's own default), never when the
 * image goes to the Docker image store, which cannot hold attestations.
 */
function attestArgs(options: BuildxArgsOptions): string[] {
  const { inputs, context } = options;
  const args: string[] = [];
  const builderId = `builder-id=${context.serverUrl}/${context.repository.fullName}/actions/runs/${context.runId}/attempts/${context.runAttempt || '1'}`;
  const dockerExporter = inputs.load || inputs.outputs.some((o) => /(^|,)type=docker(,|$)/.test(o));
  if (inputs.provenance) {
    args.push('--provenance', /^(true|false)$/i.test(inputs.provenance) || inputs.provenance.includes('builder-id=') ? inputs.provenance : `${inputs.provenance},${builderId}`);
  } else if (!options.noDefaultAttestations && !dockerExporter && options.buildkitVersion && buildxSatisfiesKit(options.buildkitVersion)) {
    const isPrivate = (context.payload.repository as { private?: boolean } | undefined)?.private ?? false;
    args.push('--provenance', `${isPrivate ? 'mode=min,inline-only=true' : 'mode=max'},${builderId}`);
  }
  if (inputs.sbom) args.push('--sbom', inputs.sbom);
  return args;
}

function buildxSatisfiesKit(version: string): boolean {
  return buildxSatisfies(version, '>=0.11.0');
}

/**
 * build-push-action hands the job token to a build of this repository's git context as
 * `GIT_AUTH_TOKEN.<host>`, which BuildKit uses to fetch it; never for a local directory.
 * https://docs.docker.com/build/building/secrets/#git-authentication-for-remote-contexts
 */
export function gitAuthTokenId(options: Pick<BuildxArgsOptions, 'inputs' | 'context'>): string | null {
  const { inputs, context } = options;
  if (!inputs.githubToken || inputs.secrets.some((s) => s.id === 'GIT_AUTH_TOKEN' || s.id.startsWith('GIT_AUTH_TOKEN.'))) return null;
  const gitContext = `${context.serverUrl}/${context.repository.fullName}.git`;
  if (!inputs.context.startsWith(gitContext)) return null;
  return `GIT_AUTH_TOKEN.${new URL(context.serverUrl).host}`;
}
