import type { Env } from '../../../packages/core/src/context/index.ts';
import { computeTags, type TagOptions, type TagsResult } from '../../../packages/core/src/tags/index.ts';
import { eventContext, type EventFixture } from '../events.ts';

/** computeTags for a fixture event, as the rows below state their cases. */
export function tagsFor(
  fixture: EventFixture,
  tags: string,
  flavor = '',
  env: Env = {},
  options: TagOptions = {},
): TagsResult {
  return computeTags({ tags, flavor }, eventContext(fixture, env), options);
}

export function tagValues(
  fixture: EventFixture,
  tags: string,
  flavor = '',
  env: Env = {},
  options: TagOptions = {},
): string[] {
  return tagsFor(fixture, tags, flavor, env, options).tags.map((tag) => tag.value);
}
