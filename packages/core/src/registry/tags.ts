import type { RegistryClient } from './client.ts';
import { nextLink } from './link-header.ts';
import { RegistryError } from './registry-error.ts';
import { tagListSchema } from './schemas.ts';

export interface ListTagsOptions {
  /** Page size asked for; registries may give fewer (GHCR caps pages). */
  pageSize?: number;
  /** Stop after this many pages, a guard against a registry that links in circles. */
  maxPages?: number;
}

/** Every tag of a repository, following `Link: rel="next"` pages. Empty for an unknown repository. */
export async function listTags(
  client: RegistryClient,
  repository: string,
  options: ListTagsOptions = {},
): Promise<string[]> {
  const tags: string[] = [];
  const maxPages = options.maxPages ?? 1000;
  let path = 'tags/list';
  let query: Record<string, string | undefined> | undefined = options.pageSize
    ? { n: String(options.pageSize) }
    : undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await client.send({
      method: 'GET',
      repository,
      path,
      ...(query && { query }),
      allow: [404],
      action: 'list tags',
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return tags;
    }
    const parsed = tagListSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new RegistryError(client.registry, repository, '', response.status, 'the tag list is not {name, tags}');
    tags.push(...(parsed.data.tags ?? []));
    const next = nextLink(response.headers.get('link'));
    if (!next) return tags;
    // The link is relative to the registry and carries its own n and last.
    path = new URL(next, client.baseUrl).toString();
    query = undefined;
  }
  throw new RegistryError(client.registry, repository, '', 0, `tag listing did not end after ${maxPages} pages`);
}
