import { InputError } from '../errors/index.ts';

/** A parsed, normalized image reference. `registry` is a host with optional port. */
export interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';

// Grammar from the distribution reference spec:
// https://github.com/distribution/reference/blob/main/reference.go (facts only)
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
// A DNS name (dot-separated labels) or a bracketed IPv6 address, each with an optional port.
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})*(?::[0-9]+)?$|^\\[[a-fA-F0-9:]+\\](?::[0-9]+)?$`);

export interface ParseOptions {
  /** The input the value came from, for the error message. */
  input?: string;
}

/**
 * Whether the first component of a name is a registry, as Docker reads it: it looks like a host
 * (a dot, a port, localhost, or an IPv6 literal). `app/web` is a Docker Hub path, `ghcr.io/app` is not.
 */
export function looksLikeRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component.startsWith('[');
}

/**
 * Parses `[registry[:port]/]path[:tag][@digest]`. Docker Hub names get `docker.io` and
 * `library/`; repositories are lowercased, since registries (GHCR among them) refuse
 * uppercase and GitHub owners often have it.
 */
export function parseImageRef(raw: string, options: ParseOptions = {}): ImageRef {
  const input = options.input ?? 'image';
  const value = raw.trim();
  const fail = (problem: string, fix: string): never => {
    throw new InputError(input, raw, problem, fix);
  };
  if (!value) fail('the image name is empty', 'Give a name such as ghcr.io/owner/app.');
  if (/\s/.test(value)) fail('an image name cannot contain spaces', 'Remove the spaces, or put one image per line.');

  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest.startsWith('sha256:')) {
      if (!SHA256.test(digest))
        fail(`"${digest}" is not a sha256 digest`, 'A sha256 digest has exactly 64 lowercase hex characters.');
    } else if (!DIGEST.test(digest))
      fail(`"${digest}" is not a digest`, 'A digest looks like sha256:<64 hex characters>.');
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      fail(
        `"${tag}" is not a valid tag`,
        'A tag has at most 128 letters, digits, "_", "." or "-", and does not start with "." or "-".',
      );
  }

  let registry = DOCKER_HUB;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (looksLikeRegistryHost(first)) {
      registry = first.toLowerCase();
      path = rest.slice(slash + 1);
      if (!HOST.test(first))
        fail(
          `"${first}" is not a valid registry host`,
          'Use a host name with an optional port, such as ghcr.io or localhost:5000.',
        );
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;

  const repository = path.toLowerCase();
  if (!repository)
    fail('the image name has no repository path', 'Give a path after the registry, such as ghcr.io/owner/app.');
  for (const component of repository.split('/')) {
    if (!COMPONENT.test(component)) {
      fail(
        `"${component}" is not a valid path component`,
        'Use lowercase letters, digits and single separators (".", "_", "__", "-"), with "/" between components.',
      );
    }
  }
  const full = registry === DOCKER_HUB && !repository.includes('/') ? `library/${repository}` : repository;
  if (`${registry}/${full}`.length > 255)
    fail('the image name is longer than 255 characters', 'Shorten the repository path.');

  return { registry, repository: full, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/**
 * An image name for an input that takes names only (`images`): a tag or digest there is a
 * mistake that would otherwise surface as a confusing push failure.
 */
export function parseImageName(raw: string, input: string): ImageRef {
  const ref = parseImageRef(raw, { input });
  if (ref.tag !== undefined || ref.digest !== undefined) {
    throw new InputError(
      input,
      raw,
      'an image name here takes no tag or digest',
      'Give the name only (ghcr.io/owner/app); tags and digests have inputs of their own.',
    );
  }
  return ref;
}

/** `registry/repository`, the name every later step (scan, attest, cleanup) keys on. */
export function imageName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The reference in full form: `registry/repository[:tag][@digest]`. */
export function formatImageRef(ref: ImageRef): string {
  return `${imageName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

export function isSha256Digest(value: string): boolean {
  return SHA256.test(value);
}

export function isValidTag(value: string): boolean {
  return TAG.test(value);
}
