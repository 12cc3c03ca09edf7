import type { Context } from '../context/index.ts';
import { formatCacheSpec, type CacheSpec } from './cache-spec.ts';
import { InputError } from '../errors/index.ts';
import { attestArgs } from './attest-args.ts';
import { buildxSatisfies } from './buildx-version.ts';
import { renderDefaultContext } from './git-context.ts';
import type { BuildInputs } from './build-inputs.ts';

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
  /** This repository's Git context (defaultGitContext), what `{{defaultContext}}` stands for. */
  defaultContext: string;
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
    if (present)
      warnings.push(
        `${input} needs buildx ${range} (found ${version ?? 'an unknown version'}); the input "${input}" is ignored.`,
      );
    return false;
  };
  const buildContext = renderDefaultContext(inputs.context, options.defaultContext);

  for (const host of inputs.addHosts) args.push('--add-host', host);
  for (const allow of inputs.allow) args.push('--allow', allow);
  if (gate('>=0.12.0', 'annotations', inputs.annotations.length > 0))
    for (const a of inputs.annotations) args.push('--annotation', a);
  for (const [key, value] of inputs.buildArgs) args.push('--build-arg', `${key}=${value}`);
  if (gate('>=0.8.0', 'build-contexts', inputs.buildContexts.length > 0)) {
    for (const c of inputs.buildContexts) args.push('--build-context', renderDefaultContext(c, options.defaultContext));
  }
  for (const spec of options.cacheFrom) args.push('--cache-from', formatCacheSpec(spec));
  for (const spec of options.cacheTo) args.push('--cache-to', formatCacheSpec(spec));
  if (inputs.call) {
    if (!buildxSatisfies(version, '>=0.15.0')) {
      throw new InputError(
        'call',
        inputs.call,
        `needs buildx 0.15.0 or newer (found ${version ?? 'an unknown version'})`,
        'Update buildx (docker/setup-buildx-action), or remove call.',
      );
    }
    args.push('--call', inputs.call);
  }
  if (inputs.cgroupParent) args.push('--cgroup-parent', inputs.cgroupParent);
  for (const secret of inputs.secretEnvs) args.push('--secret', `id=${secret.id},env=${secret.value}`);
  if (inputs.file) args.push('--file', inputs.file);
  // buildx writes no image id for the local and tar exporters, nor before 0.4.2 for several platforms.
  const imageIdWritten = !hasExporter(inputs.outputs, 'local') && !hasExporter(inputs.outputs, 'tar');
  if (imageIdWritten && (inputs.platforms.length === 0 || buildxSatisfies(version, '>=0.4.2')))
    args.push('--iidfile', options.iidFile);
  for (const [key, value] of inputs.labels) args.push('--label', `${key}=${value}`);
  for (const filter of inputs.noCacheFilters) args.push('--no-cache-filter', filter);
  for (const output of inputs.outputs) args.push('--output', output);
  if (inputs.pushByDigest) args.push('--output', digestOutput(inputs.digestImages, inputs.push));
  if (inputs.platforms.length > 0) args.push('--platform', inputs.platforms.join(','));
  const attest = inputs.provenance !== '' || inputs.sbom !== '' || inputs.attests.length > 0;
  if (gate('>=0.10.0', 'provenance/sbom/attests', attest)) {
    const dockerExporter = inputs.load || hasExporter(inputs.outputs, 'docker');
    const kit = options.buildkitVersion !== null && buildxSatisfies(options.buildkitVersion, '>=0.11.0');
    const { provenance, sbom, attests } = inputs;
    const noDefaultProvenance = options.noDefaultAttestations || dockerExporter || !kit;
    args.push(...attestArgs({ provenance, sbom, attests, context: options.context, noDefaultProvenance }));
  }
  for (const secret of inputs.secrets) args.push('--secret', `id=${secret.id},src=${options.secretPaths[secret.id]}`);
  for (const secret of inputs.secretFiles) args.push('--secret', `id=${secret.id},src=${secret.value}`);
  const token = gitAuthTokenId({ ...options, buildContext });
  if (token) args.push('--secret', `id=${token},src=${options.secretPaths[token]}`);
  if (inputs.shmSize) args.push('--shm-size', inputs.shmSize);
  for (const ssh of inputs.ssh) args.push('--ssh', ssh);
  for (const tag of inputs.tags) args.push('--tag', tag);
  if (inputs.target) args.push('--target', inputs.target);
  for (const ulimit of inputs.ulimit) args.push('--ulimit', ulimit);
  if (inputs.builder) args.push('--builder', inputs.builder);
  if (inputs.load) args.push('--load');
  if (buildxSatisfies(version, '>=0.6.0')) args.push('--metadata-file', options.metadataFile);
  else
    warnings.push(
      `buildx ${version ?? '(unknown version)'} writes no metadata file (needs >=0.6.0): ` +
        'the digest and metadata outputs come from the image id only.',
    );
  if (inputs.network) args.push('--network', inputs.network);
  if (inputs.noCache) args.push('--no-cache');
  if (inputs.pull) args.push('--pull');
  if (inputs.push && !inputs.pushByDigest) args.push('--push');
  args.push(buildContext);
  return { args, warnings };
}

/**
 * Whether an `outputs` entry uses this exporter; an entry without `type=` is a local directory.
 * https://docs.docker.com/reference/cli/docker/buildx/build/#output
 */
function hasExporter(outputs: string[], type: string): boolean {
  return outputs.some((output) => {
    const fields = output.split(',').map((f) => f.trim());
    if (fields.length === 1 && !fields[0]!.startsWith('type=')) return type === 'local';
    return fields.includes(`type=${type}`);
  });
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
 * build-push-action hands the job token to a build of this repository's git context as
 * `GIT_AUTH_TOKEN.<host>`, which BuildKit uses to fetch it; never for a local directory.
 * https://docs.docker.com/build/building/secrets/#git-authentication-for-remote-contexts
 */
export function gitAuthTokenId(
  options: Pick<BuildxArgsOptions, 'inputs' | 'context' | 'defaultContext'> & { buildContext: string },
): string | null {
  const { inputs, context } = options;
  if (
    !inputs.githubToken ||
    inputs.secrets.some((s) => s.id === 'GIT_AUTH_TOKEN' || s.id.startsWith('GIT_AUTH_TOKEN.'))
  )
    return null;
  if (!options.buildContext.startsWith(options.defaultContext)) return null;
  return `GIT_AUTH_TOKEN.${new URL(context.serverUrl).host}`;
}
