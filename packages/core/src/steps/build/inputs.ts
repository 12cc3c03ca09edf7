import { parseInputList, type InputListOptions } from '../../actions/input-list.ts';
import { readBoolean, readChoice, type ReadInput } from '../../actions/read-input.ts';
import {
  DEFAULT_CONTEXT_TEMPLATE,
  parseCacheSpec,
  parsePlatform,
  tagAsWritten,
  type BuildInputs,
  type Secret,
} from '../../build/index.ts';
import type { Context, Env } from '../../context/index.ts';
import { InputError } from '../../errors/index.ts';
import { parseKeyValue } from '../../labels/index.ts';
import type { Metadata } from '../../metadata/index.ts';
import { imageName, parseImageRef } from '../../reference/index.ts';
import { metaDefaults } from './meta-defaults.ts';

/**
 * Validates every input and fills the defaults: meta's labels, annotations and build args,
 * the push decision, the digest directory. Throws InputError naming the input, the value and
 * the fix. Pure: the shell passes getInput, process.env and the Context. `metadata` is meta's
 * result when meta ran in the same process (publish); it then stands where the exported
 * DOCKER_METADATA_OUTPUT_* would, and gives the tags too, each only where the input is unset.
 */
export function parseBuildInputs(read: ReadInput, env: Env, context: Context, metadata?: Metadata): BuildInputs {
  const summary = readBoolean(read, 'summary', true);
  // Each list input is read with the options docker/build-push-action gives it (src/context.ts).
  const list = (name: string, options: InputListOptions = {}) => {
    const raw = read(name, { trim: options.trimWhitespace !== false });
    try {
      return parseInputList(raw, options);
    } catch (error) {
      const value = name.startsWith('secret') ? '(hidden: it may hold a secret)' : raw;
      throw new InputError(
        name,
        value,
        `is not a list docker's CSV reading accepts (${(error as Error).message})`,
        'Close every quote: "a,b" is one entry, and a quoted entry may span lines.',
      );
    }
  };
  const entries = (name: string) => list(name, { ignoreComma: true });
  const meta = metaDefaults(env, metadata);
  const fromMeta: string[] = [];
  const metaList = (name: string, own: string[], given: string[]) => {
    if (own.length > 0) return own;
    if (given.length > 0) fromMeta.push(name);
    return given;
  };

  const platforms = list('platforms');
  platforms.forEach((p) => parsePlatform(p));

  const labels = metaList('labels', entries('labels'), meta.labels).map((line) => parseKeyValue(line, 'labels'));
  const annotations = metaList('annotations', entries('annotations'), meta.annotations);
  annotations.forEach((line) => parseKeyValue(line, 'annotations'));

  // meta's VERSION, COMMIT_SHA and BUILD_DATE first, then the user's lines as written; a user's
  // key replaces meta's.
  const metaArgs = meta.buildArgs.map((line) => parseKeyValue(line, 'build-args'));
  if (metaArgs.length > 0) fromMeta.push('build-args');
  const ownArgs = entries('build-args').map((line) => parseKeyValue(line, 'build-args'));
  const buildArgs = [...metaArgs.filter(([key]) => !ownArgs.some(([own]) => own === key)), ...ownArgs];

  const secrets = list('secrets', { ignoreComma: true, trimWhitespace: false }).map((line) =>
    secretLine(line, 'secrets', 'GIT_AUTH_TOKEN=<token>'),
  );
  const secretFiles = entries('secret-files').map((line) => secretLine(line, 'secret-files', 'npmrc=./.npmrc'));
  const secretEnvs = list('secret-envs').map((line) => secretLine(line, 'secret-envs', 'token=MY_TOKEN_VAR'));

  const load = readBoolean(read, 'load', false);
  const pushByDigest = readBoolean(read, 'push-by-digest', false);
  // Registries refuse uppercase repositories (buildx: "repository name must be lowercase"),
  // and `ghcr.io/${{ github.repository }}` has it whenever the owner does: pass the
  // normalized form, as the meta action does.
  // https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
  const tags = [...new Set(metaList('tags', list('tags'), meta.tags).map(tagAsWritten))];
  const isPullRequest = /^pull_request/.test(context.eventName);
  // An unset `push` means false, as in docker/build-push-action: a workflow that switches to
  // us must never start pushing by surprise. `push: auto` is the default teams ask for: push
  // when there is something to push, except on pull requests.
  const pushRaw = read('push').trim().toLowerCase();
  let push: boolean;
  let pushReason: string;
  if (pushRaw === 'auto') {
    push = !isPullRequest && (tags.length > 0 || pushByDigest);
    pushReason = isPullRequest
      ? 'pull requests build without pushing (push: auto)'
      : push
        ? 'push: auto, outside a pull request'
        : 'nothing to push: no tags were given';
  } else if (pushRaw === '' && pushByDigest) {
    push = !isPullRequest;
    pushReason = isPullRequest
      ? 'pull requests build without pushing unless push: true is set'
      : 'push-by-digest pushes';
  } else {
    push = readBoolean(read, 'push', false);
    pushReason = pushRaw === '' ? 'push is not set (set push: true or push: auto to push)' : `push: ${push} was set`;
  }
  if (load && push && platforms.length > 1) {
    throw new InputError(
      'load',
      'true',
      `load and push together with ${platforms.length} platforms (${platforms.join(',')}) cannot both happen: ` +
        'the Docker image store holds one platform per tag',
      'Set load: true with a single platform, or drop load and pull the pushed image instead.',
    );
  }

  let digestImages: string[] = [];
  if (pushByDigest) {
    const tagged = tags.filter((tag) => parseImageRef(tag, { input: 'tags' }).tag !== undefined);
    if (tagged.length > 0) {
      throw new InputError(
        'tags',
        tagged.join(','),
        'push-by-digest pushes no tags (buildx fails with "can\'t push tagged ref by digest")',
        'Give image names only (ghcr.io/owner/app); the merge action adds the tags.',
      );
    }
    const names = tags.length > 0 ? tags : meta.imageRefs;
    if (names.length === 0)
      throw new InputError(
        'tags',
        '',
        'push-by-digest needs the image name to push to',
        'Set tags to the image name (ghcr.io/owner/app), or run the meta action first.',
      );
    digestImages = [...new Set(names.map((name) => imageName(parseImageRef(name, { input: 'tags' }))))];
    if (entries('outputs').length > 0)
      throw new InputError(
        'outputs',
        read('outputs'),
        'push-by-digest sets the output itself',
        'Remove outputs, or drop push-by-digest and write the output you need.',
      );
  }

  const cacheFrom = entries('cache-from').map((line) => parseCacheSpec(line, 'cache-from'));
  const cacheTo = entries('cache-to').map((line) => parseCacheSpec(line, 'cache-to'));
  const smoke = read('smoke-test');

  return {
    engine: readChoice(read, 'engine', ['buildx', 'buildah', 'auto'] as const, 'buildx'),
    context: read('context') || DEFAULT_CONTEXT_TEMPLATE,
    file: read('file'),
    platforms,
    push,
    pushReason,
    load,
    tags: pushByDigest ? [] : tags,
    labels,
    annotations,
    buildArgs,
    buildContexts: entries('build-contexts'),
    secrets,
    secretFiles,
    secretEnvs,
    ssh: list('ssh'),
    target: read('target'),
    cacheFrom,
    cacheTo,
    cache: readChoice(read, 'cache', ['gha', 'registry', 'none'] as const, 'gha'),
    provenance: read('provenance'),
    sbom: read('sbom'),
    outputs: list('outputs', { ignoreComma: true, quote: false }),
    noCache: readBoolean(read, 'no-cache', false),
    noCacheFilters: list('no-cache-filters'),
    pull: readBoolean(read, 'pull', false),
    builder: read('builder'),
    network: read('network'),
    shmSize: read('shm-size'),
    ulimit: entries('ulimit'),
    allow: list('allow'),
    addHosts: list('add-hosts'),
    attests: entries('attests'),
    call: read('call'),
    cgroupParent: read('cgroup-parent'),
    githubToken: read('github-token'),
    pushByDigest,
    digestImages,
    digestDir: read('digest-dir') || `${env.RUNNER_TEMP || '/tmp'}/digests`,
    smokeTest: smoke === '' ? undefined : splitCommandLine(smoke),
    fromMeta,
    summary,
  };
}

function secretLine(line: string, input: string, example: string): Secret {
  const eq = line.indexOf('=');
  // Never echo the line: without "=" we cannot tell the id from the secret value.
  if (eq <= 0)
    throw new InputError(
      input,
      '(hidden: it may hold a secret)',
      'a line is not id=value',
      `Write one id=value per line, e.g. ${example}.`,
    );
  const id = line.slice(0, eq).trim();
  const value = line.slice(eq + 1);
  if (!/^[A-Za-z0-9._-]+$/.test(id))
    throw new InputError(
      input,
      id,
      'a secret id may hold only letters, digits, ".", "_" and "-"',
      `Rename the id, e.g. ${example}.`,
    );
  return { id, value };
}

/** Splits `--version` or `sh -c "echo ok"` into arguments: whitespace separates, quotes group. */
export function splitCommandLine(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const char of text.trim()) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started || current) args.push(current);
      current = '';
      started = false;
    } else current += char;
  }
  if (quote)
    throw new InputError('smoke-test', text, 'a quote is not closed', 'Close every quote, e.g. sh -c "echo ok".');
  if (started || current) args.push(current);
  return args;
}
