import { parseImageRef } from '../reference/index.ts';

/**
 * A `tags` entry for the builder as the user wrote it (`name/app:7.4` stays, no `docker.io/`
 * added), checked by the one reference parser. Only a repository with capitals changes: it
 * is lowercased, since registries refuse it (buildx: "repository name must be lowercase") and
 * `ghcr.io/${{ github.repository }}` has capitals whenever the owner does.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
 */
export function tagAsWritten(raw: string): string {
  const ref = parseImageRef(raw, { input: 'tags' });
  const value = raw.trim();
  const suffix = `${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
  const name = value.slice(0, value.length - suffix.length);
  const slash = name.indexOf('/');
  const host = slash >= 0 && name.slice(0, slash).toLowerCase() === ref.registry ? name.slice(0, slash + 1) : '';
  return `${host}${name.slice(host.length).toLowerCase()}${suffix}`;
}
