import { readFileSync } from 'node:fs';
import { InputError } from '@ghcr-kit/core/errors';
import * as z from 'zod/mini';
import { describeIssue } from './schema-issue.ts';

/** What a runner derives from an event payload before any step runs. */
export interface EventFacts {
  eventName: string;
  payload: Record<string, unknown>;
  /** GITHUB_REF and GITHUB_SHA as the runner would set them; undefined where the payload cannot say. */
  ref?: string;
  sha?: string;
  notes: string[];
}

type Json = Record<string, unknown>;

// The fields a runner takes GITHUB_REF and GITHUB_SHA from; the rest of the payload passes through.
const payloadSchema = z.looseObject({
  ref: z.optional(z.string()),
  after: z.optional(z.string()),
  number: z.optional(z.number()),
  pull_request: z.optional(
    z.looseObject({ number: z.optional(z.number()), merge_commit_sha: z.optional(z.nullable(z.string())) }),
  ),
  release: z.optional(z.looseObject({ tag_name: z.optional(z.string()) })),
});
const text = (value: string | null | undefined) => value || undefined;

/**
 * An event file as `act -e` or a webhook delivery gives it. GITHUB_REF and GITHUB_SHA follow
 * GitHub's table, https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows:
 * push gives `ref` and `after`; a pull request runs on `refs/pull/N/merge` at the merge commit;
 * a release on its tag; workflow_dispatch on the `ref` it was dispatched from.
 */
export function readEventFile(path: string): EventFacts {
  const fix =
    'Pass an event name (push, pull_request, …) or a webhook payload file such as examples/events/push-main.json.';
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError('--event', path, `not a readable JSON payload (${(error as Error).message})`, fix);
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload))
    throw new InputError('--event', path, 'the payload is not a JSON object', fix);
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) throw new InputError('--event', path, describeIssue(parsed.error.issues), fix);
  return eventFacts(parsed.data);
}

export function eventFacts(payload: z.infer<typeof payloadSchema>): EventFacts {
  const eventName = eventNameOf(payload);
  const notes: string[] = [];
  const facts = (ref?: string, sha?: string): EventFacts => ({
    eventName,
    payload,
    ...(ref && { ref }),
    ...(sha && { sha }),
    notes,
  });
  if (eventName === 'pull_request') {
    const pr = payload.pull_request ?? {};
    const sha = text(pr.merge_commit_sha);
    if (!sha)
      notes.push("the pull_request payload has no merge_commit_sha: using the local checkout's commit (pass --sha)");
    return facts(`refs/pull/${String(pr.number ?? payload.number)}/merge`, sha);
  }
  if (eventName === 'release') {
    notes.push("a release payload names no commit: using the local checkout's commit (pass --sha)");
    const tag = text(payload.release?.tag_name);
    return facts(tag && `refs/tags/${tag}`);
  }
  if (eventName === 'push') return facts(text(payload.ref), text(payload.after));
  if (eventName === 'workflow_dispatch') return facts(text(payload.ref));
  return facts();
}

function eventNameOf(payload: Json): string {
  if (payload.pull_request) return 'pull_request';
  if (payload.release) return 'release';
  if (payload.inputs) return 'workflow_dispatch';
  if (payload.schedule) return 'schedule';
  return 'push';
}
