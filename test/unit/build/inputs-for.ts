import type { BuildInputs } from '../../../packages/core/src/build/index.ts';
import { parseBuildInputs } from '../../../packages/core/src/steps/build/index.ts';
import type { Env } from '../../../packages/core/src/context/index.ts';
import type { Metadata } from '../../../packages/core/src/metadata/index.ts';
import { eventContext, type EventFixture } from '../events.ts';

/** BuildInputs as the action would read them from these raw inputs, on this event (and meta's result). */
export function inputsFor(
  raw: Record<string, string>,
  options: { event?: EventFixture; env?: Env; metadata?: Metadata } = {},
): BuildInputs {
  const context = eventContext(options.event ?? 'push-branch');
  return parseBuildInputs((name) => raw[name] ?? '', options.env ?? {}, context, options.metadata);
}
