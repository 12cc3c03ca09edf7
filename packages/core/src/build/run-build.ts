import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as exec from '@actions/exec';
import type { Context, Env } from '../context/index.ts';
import { imageName, parseImageRef } from '../reference/index.ts';
import {
  checkBuildahInputs,
  buildahEnvironment,
  buildahBuildArgs,
  buildahCacheRepository,
  buildahLayoutArgs,
  skopeoPushArgs,
} from './buildah-args.ts';
import { buildxBuildArgs, gitAuthTokenId } from './buildx-args.ts';
import { InputError } from '../errors/index.ts';
import { gitAuthEnvironment, gitFetchCommands, parseGitContext } from './git-checkout.ts';
import { defaultGitContext, renderDefaultContext, usesDefaultContext } from './git-context.ts';
import { DEFAULT_PUSH_RETRY, withPushRetry, type PushRetry } from './push-retry.ts';
import { parseBuildxMetadata } from './buildx-metadata.ts';
import { parseBuildxVersion } from './buildx-version.ts';
import { defaultCachePlan, type CachePlan } from './cache-scope.ts';
import { countCachedSteps, type CachedSteps } from './cached-steps.ts';
import { writeDigestFile } from './digest-file.ts';
import { chooseEngine, type Engine } from './engine.ts';
import { parseBuildFailure, type FailureAnnotation } from './failure-annotation.ts';
import { imageRefs } from './image-refs.ts';
import type { BuildInputs, Secret } from './build-inputs.ts';
import { writeSecretFiles } from './secret-files.ts';
import { builtPlatforms } from './platforms.ts';
import { planSmokeTest, smokeCommand } from './smoke-test.ts';

export interface BuildOutcome {
  engine: Engine;
  engineReason: string;
  digest: string;
  imageId: string;
  metadata: Record<string, unknown>;
  imageRefs: string[];
  platforms: string[];
  pushed: boolean;
  cache: CachePlan;
  /** Steps reused from cache, as buildx reported them; absent for buildah. */
  cachedSteps?: CachedSteps;
  digestFile?: string;
  smoke: Array<[string, string]>;
  warnings: string[];
  durationMs: number;
}

/** A builder that exited non-zero, with where in the Dockerfile it says it failed. */
export class BuildFailure extends Error {
  override readonly name = 'BuildFailure';
  constructor(readonly annotation: FailureAnnotation) {
    super(`the build failed: ${annotation.message}`);
  }
}

export interface RunBuildOptions {
  inputs: BuildInputs;
  context: Context;
  env: Env;
  /** Called with the directory holding secret files as soon as it exists, for the post step. */
  onSecretDir?: (dir: string) => void;
  info?: (line: string) => void;
  /** How pushes are retried on transient registry errors (DEFAULT_PUSH_RETRY). */
  retry?: Partial<Omit<PushRetry, 'info'>>;
}

/** Chooses the engine, builds, pushes, writes the digest file and runs the smoke test. */
export async function runBuild(options: RunBuildOptions): Promise<BuildOutcome> {
  const { inputs, context, env } = options;
  const info = options.info ?? (() => {});
  const retry: PushRetry = { ...DEFAULT_PUSH_RETRY, ...options.retry, info };
  const started = Date.now();
  // The probes run at once: each docker CLI start costs tens of milliseconds, which is most of
  // what the action adds to a cached build (bench/build.bench.ts).
  const [buildxInspect, buildahVersion, buildxVersion] = await Promise.all([
    inputs.engine === 'buildah'
      ? null
      : capture('docker', ['buildx', 'inspect', ...(inputs.builder ? [inputs.builder] : [])]),
    inputs.engine === 'buildx' ? null : capture('buildah', ['--version']),
    inputs.engine === 'buildah' ? null : capture('docker', ['buildx', 'version']),
  ]);
  const probe = { buildxInspect, buildahAvailable: buildahVersion?.exitCode === 0 };
  const decision = chooseEngine(
    inputs.engine,
    inputs.builder,
    inputs.engine === 'buildah' ? { ...probe, buildahAvailable: true } : probe,
  );
  info(`engine: ${decision.engine} (${decision.reason})`);
  if (decision.engine === 'buildah') checkBuildahInputs(inputs);
  const version = parseBuildxVersion(buildxVersion?.output ?? '');
  // The ?ref= query form is buildx's; buildah's fetch takes the fragment form.
  const defaultContext = defaultGitContext(context, env, decision.engine === 'buildx' ? version : null);
  const buildContext = renderDefaultContext(inputs.context, defaultContext);

  const work = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'ghcr-kit-build-'));
  const tokenId =
    decision.engine === 'buildx' ? gitAuthTokenId({ inputs, context, defaultContext, buildContext }) : null;
  const fileSecrets: Secret[] = [...inputs.secrets, ...(tokenId ? [{ id: tokenId, value: inputs.githubToken }] : [])];
  const secrets = writeSecretFiles(env.RUNNER_TEMP || tmpdir(), fileSecrets);
  options.onSecretDir?.(secrets.dir);

  const firstImage = inputs.pushByDigest
    ? (inputs.digestImages[0] ?? '')
    : inputs.tags[0]
      ? imageName(parseImageRef(inputs.tags[0], { input: 'tags' }))
      : '';
  const userCache = inputs.cacheFrom.length > 0 || inputs.cacheTo.length > 0;
  const cache: CachePlan = userCache
    ? { backend: 'user', from: inputs.cacheFrom, to: inputs.cacheTo, note: 'as given in cache-from / cache-to' }
    : decision.engine === 'buildah' && inputs.cache === 'gha'
      ? { backend: 'none', from: [], to: [], note: BUILDAH_HAS_NO_GHA_CACHE }
      : defaultCachePlan(
          { mode: inputs.cache, image: firstImage, platforms: inputs.platforms, perPlatformJob: inputs.pushByDigest },
          context,
          env,
        );
  // buildah keeps a registry cache in a repository of its own (buildahBuild), so the log says where.
  if (decision.engine === 'buildah' && cache.backend === 'registry' && firstImage) {
    cache.note = `registry layer cache ${firstImage}/buildcache`;
  }
  info(`cache: ${cache.note}`);

  const built =
    decision.engine === 'buildx'
      ? await buildWithBuildx(
          inputs,
          context,
          env,
          work,
          secrets.paths,
          cache,
          decision.builder?.buildkitVersion ?? null,
          version,
          defaultContext,
          retry,
        )
      : await buildWithBuildah(
          await withLocalContext(inputs, buildContext, context, work),
          work,
          secrets.paths,
          cache,
          firstImage,
          retry,
        );

  const pushed = inputs.push && (inputs.tags.length > 0 || inputs.pushByDigest);
  const names = inputs.pushByDigest ? inputs.digestImages : inputs.tags;
  const outcome: BuildOutcome = {
    engine: decision.engine,
    engineReason: decision.reason,
    digest: built.digest,
    imageId: built.imageId,
    metadata: built.metadata,
    imageRefs: pushed ? imageRefs(names, built.digest) : [],
    platforms: builtPlatforms(inputs.platforms, decision.builder?.platforms ?? [], hostPlatform()),
    pushed,
    cache,
    ...(built.cachedSteps && { cachedSteps: built.cachedSteps }),
    smoke: [],
    warnings: built.warnings,
    durationMs: 0,
  };
  if (pushed && inputs.pushByDigest && built.digest)
    outcome.digestFile = writeDigestFile(inputs.digestDir, built.digest);
  if (inputs.smokeTest) outcome.smoke = await smokeTest(decision.engine, inputs, built, outcome);
  outcome.durationMs = Date.now() - started;
  return outcome;
}

interface Built {
  digest: string;
  imageId: string;
  metadata: Record<string, unknown>;
  warnings: string[];
  /** What to start a smoke-test container from. */
  localImage: string;
  cachedSteps?: CachedSteps;
}

async function buildWithBuildx(
  inputs: BuildInputs,
  context: Context,
  env: Env,
  work: string,
  secretPaths: Record<string, string>,
  cache: CachePlan,
  buildkitVersion: string | null,
  version: string | null,
  defaultContext: string,
  retry: PushRetry,
): Promise<Built> {
  const iidFile = join(work, 'iidfile');
  const metadataFile = join(work, 'metadata.json');
  const command = buildxBuildArgs({
    inputs,
    buildxVersion: version,
    buildkitVersion,
    cacheFrom: cache.from,
    cacheTo: cache.to,
    iidFile,
    metadataFile,
    secretPaths,
    context,
    noDefaultAttestations: /^(1|true)$/i.test(env.BUILDX_NO_DEFAULT_ATTESTATIONS ?? ''),
    defaultContext,
  });
  if (version === null)
    command.warnings.push(
      'buildx did not report a version (an unstamped build prints v0.0.0+unknown): version-gated flags are off.',
    );
  // BuildKit pushes from inside the build; a transient push failure reruns it, from its cache.
  const output = await runBuilder('docker', command.args, inputs, inputs.push ? retry : undefined);
  const cachedSteps = countCachedSteps(output);
  const meta = existsSync(metadataFile) ? parseBuildxMetadata(readFileSync(metadataFile, 'utf8')) : null;
  const imageId = existsSync(iidFile) ? readFileSync(iidFile, 'utf8').trim() : '';
  return {
    digest: meta?.digest ?? '',
    imageId,
    metadata: meta?.raw ?? {},
    warnings: command.warnings,
    localImage: inputs.load ? imageId : '',
    ...(cachedSteps && { cachedSteps }),
  };
}

async function buildWithBuildah(
  inputs: BuildInputs,
  work: string,
  secretPaths: Record<string, string>,
  cache: CachePlan,
  firstImage: string,
  retry: PushRetry,
): Promise<Built> {
  const manifest = `localhost/ghcr-kit-build:${process.pid}-${Date.now()}`;
  const iidFile = join(work, 'iidfile');
  const registryCache = cache.backend === 'registry' && firstImage;
  // buildah's layer cache lives in a repository of its own, one content-hash tag per layer; the
  // per-platform jobs of cache: registry share it, as their layers' hashes differ anyway.
  const repos = (specs: CachePlan['from'], input: 'cache-from' | 'cache-to') =>
    registryCache ? [`${firstImage}/buildcache`] : specs.map((spec) => buildahCacheRepository(spec, input));
  const command = buildahBuildArgs({
    inputs,
    manifest,
    iidFile,
    secretPaths,
    cacheFrom: repos(cache.from, 'cache-from'),
    cacheTo: repos(cache.to, 'cache-to'),
  });
  await runBuilder('buildah', command.args, inputs);
  let imageId = existsSync(iidFile) ? readFileSync(iidFile, 'utf8').trim() : '';
  let digest = '';
  const digestFile = join(work, 'digest');
  const destinations = inputs.pushByDigest ? inputs.digestImages : inputs.tags;
  if (inputs.push && destinations.length) {
    // One platform by digest is the image itself, as buildx pushes it; tags get the list.
    const single = inputs.pushByDigest && inputs.platforms.length <= 1;
    const layout = join(work, 'layout');
    await runTool('buildah', buildahLayoutArgs({ manifest, imageId, singlePlatform: single, layout, digestFile }));
    digest = readFileSync(digestFile, 'utf8').trim();
    for (const name of destinations) {
      await runTool('skopeo', skopeoPushArgs(layout, inputs.pushByDigest ? `${name}@${digest}` : name, !single), {
        retry,
      });
    }
  }
  // Several platforms: the image id is the index, as buildx's iidfile gives for a multi-platform build.
  if (!imageId) imageId = digest;
  const metadata: Record<string, unknown> = {
    'buildah.manifest': manifest,
    'buildah.image.id': imageId,
    ...(digest && { 'containerimage.digest': digest }),
  };
  if (inputs.tags.length || inputs.digestImages.length)
    metadata['image.name'] = (inputs.pushByDigest ? inputs.digestImages : inputs.tags).join(',');
  return { digest, imageId, metadata, warnings: command.warnings, localImage: manifest };
}

async function smokeTest(
  engine: Engine,
  inputs: BuildInputs,
  built: Built,
  outcome: BuildOutcome,
): Promise<Array<[string, string]>> {
  const binfmt = existsSync('/proc/sys/fs/binfmt_misc') ? readdirSync('/proc/sys/fs/binfmt_misc') : [];
  const plan = planSmokeTest(inputs.platforms, hostPlatform(), process.arch, binfmt);
  const results: Array<[string, string]> = plan.skipped.map(([p, why]) => [p, `skipped: ${why}`]);
  const args = inputs.smokeTest ?? [];
  for (const platform of plan.run) {
    if (engine === 'buildah') {
      const from = await runTool('buildah', ['from', '--platform', platform, built.localImage]);
      const container = from.trim().split(/\r?\n/).at(-1)!.trim();
      try {
        const config = JSON.parse(
          await runTool('buildah', ['inspect', '--type', 'container', container], { silent: true }),
        ) as { OCIv1?: { config?: { Entrypoint?: string[]; Cmd?: string[] } } };
        const command = smokeCommand(config.OCIv1?.config?.Entrypoint, config.OCIv1?.config?.Cmd, args);
        if (command.length === 0) throw new Error('the image has no entrypoint or command, and smoke-test gave none');
        await runTool('buildah', ['run', container, '--', ...command]);
      } finally {
        await capture('buildah', ['rm', container]);
      }
    } else {
      const ref = outcome.imageRefs[0] ?? built.localImage;
      if (!ref || (await capture('docker', ['info']))?.exitCode !== 0) {
        results.push([platform, 'skipped: docker run needs a Docker daemon and a loaded or pushed image']);
        continue;
      }
      await runTool('docker', ['run', '--rm', '--platform', platform, ref, ...args]);
    }
    results.push([platform, 'passed']);
  }
  return results;
}

/**
 * For buildah, the repository's Git context fetched into a directory of the work area at the
 * commit it names; `file` then lies in that checkout, as it lies in the Git context for buildx.
 * Any other context is left as it is.
 */
async function withLocalContext(
  inputs: BuildInputs,
  buildContext: string,
  context: Context,
  work: string,
): Promise<BuildInputs> {
  if (!usesDefaultContext(inputs.context)) return inputs;
  const git = parseGitContext(buildContext)!;
  const dir = join(work, 'git-context');
  const env = { ...processEnv(), ...gitAuthEnvironment(context.serverUrl, inputs.githubToken) };
  for (const args of gitFetchCommands(git, dir)) {
    let result;
    try {
      result = await exec.getExecOutput('git', args, { ignoreReturnCode: true, silent: true, env });
    } catch {
      throw new InputError(
        'context',
        inputs.context || '(empty)',
        'needs git to fetch the repository for buildah, and git is not installed',
        'Install git, or check the repository out and set context: .',
      );
    }
    if (result.exitCode !== 0) {
      const why = result.stderr.trim().split(/\r?\n/).at(-1) ?? '';
      throw new Error(
        `fetching ${git.url} at ${git.ref} for buildah failed: ${why}. ` +
          'Check github-token (contents: read), or check the repository out and set context: .',
      );
    }
  }
  const root = git.subdir ? join(dir, git.subdir) : dir;
  const file = inputs.file && !isAbsolute(inputs.file) ? join(dir, inputs.file) : inputs.file;
  return { ...inputs, context: root, file };
}

function processEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

const BUILDAH_HAS_NO_GHA_CACHE =
  'no cache: buildah has no GitHub Actions cache backend (set cache: registry for a registry layer cache)';

/** Runs a builder with its output streaming to the log and returns it; on failure, a BuildFailure with where. */
async function runBuilder(tool: string, args: string[], inputs: BuildInputs, retry?: PushRetry): Promise<string> {
  const attempt = async () => {
    let output = '';
    const exitCode = await exec.exec(tool, args, {
      ignoreReturnCode: true,
      ...envFor(tool),
      listeners: { stdout: (d) => (output += d.toString()), stderr: (d) => (output += d.toString()) },
    });
    return { exitCode, output };
  };
  const { exitCode, output } = retry
    ? await withPushRetry(`${tool} ${args.slice(0, 2).join(' ')}`, retry, attempt)
    : await attempt();
  if (exitCode === 0) return output;
  const local = !/^[a-z]+:\/\//i.test(inputs.context) && !usesDefaultContext(inputs.context);
  const dockerfile = join(local ? inputs.context : '.', inputs.file || 'Dockerfile');
  const text = existsSync(dockerfile) ? readFileSync(dockerfile, 'utf8') : undefined;
  throw new BuildFailure(
    parseBuildFailure(output, inputs.file || join(local ? inputs.context : '.', 'Dockerfile'), text),
  );
}

/** Runs a tool, fails with its last line on a non-zero exit, returns stdout; a push may retry transient failures. */
async function runTool(
  tool: string,
  args: string[],
  options: { silent?: boolean; retry?: PushRetry } = {},
): Promise<string> {
  const attempt = async () => {
    const result = await exec.getExecOutput(tool, args, {
      ignoreReturnCode: true,
      silent: options.silent ?? false,
      ...envFor(tool),
    });
    return { ...result, output: `${result.stdout}${result.stderr}` };
  };
  const what = `${tool} ${args.slice(0, 2).join(' ')}`;
  const result = options.retry ? await withPushRetry(what, options.retry, attempt) : await attempt();
  if (result.exitCode !== 0)
    throw new Error(`${what} failed (exit ${result.exitCode}): ${result.stderr.trim().split(/\r?\n/).at(-1) ?? ''}`);
  return result.stdout;
}

/** Exit code and output, or null when the tool is not installed. */
async function capture(tool: string, args: string[]): Promise<{ exitCode: number; output: string } | null> {
  try {
    const result = await exec.getExecOutput(tool, args, { ignoreReturnCode: true, silent: true, ...envFor(tool) });
    return { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}` };
  } catch {
    return null;
  }
}

/** buildah and skopeo get buildahEnvironment's environment; other tools inherit ours. */
function envFor(tool: string): { env?: Record<string, string> } {
  const env = tool === 'buildah' || tool === 'skopeo' ? buildahEnvironment(process.env, existsSync) : undefined;
  return env ? { env } : {};
}

function hostPlatform(): string {
  const arch: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ia32: '386',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
  };
  return `linux/${arch[process.arch] ?? process.arch}`;
}
