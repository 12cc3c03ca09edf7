import { readFileSync } from 'node:fs';
import { InputError } from '@ghcr-kit/core/errors';

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
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const object = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});

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
  return eventFacts(payload as Json);
}

export function eventFacts(payload: Json): EventFacts {
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
    const pr = object(payload.pull_request);
    const sha = text(pr.merge_commit_sha);
    if (!sha)
      notes.push("the pull_request payload has no merge_commit_sha: using the local checkout's commit (pass --sha)");
    return facts(`refs/pull/${String(pr.number ?? payload.number)}/merge`, sha);
  }
  if (eventName === 'release') {
    notes.push("a release payload names no commit: using the local checkout's commit (pass --sha)");
    const tag = text(object(payload.release).tag_name);
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
