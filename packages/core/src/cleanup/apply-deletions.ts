import {
  OUR_CONCURRENCY,
  type PackageRef,
  type PackagesClient,
  type PackageVersion,
  type VersionOutcome,
} from '../ghcr/index.ts';
import { deletionOrder, ReachabilityIndex, type ManifestGraph, type PlannedVersion } from '../retention/index.ts';

export interface DeletionBatch {
  ref: PackageRef;
  deletions: readonly PlannedVersion[];
  versions: readonly PackageVersion[];
  graph: ManifestGraph;
}

export interface DeletionProgress {
  deleted: PlannedVersion[];
  notes: string[];
  /** Set when the run must stop starting deletions (a spent budget, a rate limit). */
  stopped?: string;
  /** Set when the token may not delete: the caller fails the run. */
  denied?: string;
}

/**
 * Deletes a package's planned versions with several requests in flight, so that one waiting
 * out a retry never leaves GitHub's write budget idle; the client's write limiter still spaces
 * every start (retries included) to 180 per minute. A version starts only after everything that
 * reaches it (its index, the subject it refers to) is gone, so a run that stops half-way leaves
 * loose children for the next run, never an index pointing at a deleted child; and when that
 * parent could not be deleted, the version is not deleted either.
 */
export async function applyDeletions(
  batch: DeletionBatch,
  client: PackagesClient,
  canStart: (inFlight: number) => string | undefined,
  progress: DeletionProgress,
): Promise<void> {
  const order = deletionOrder(batch.deletions, batch.versions, batch.graph);
  const planned = new Set(order.map((version) => version.digest));
  const index = new ReachabilityIndex(batch.versions, batch.graph);
  const waitingOn = new Map<string, Set<string>>(order.map((version) => [version.digest, new Set<string>()]));
  for (const version of order) {
    for (const [next] of index.edges(version.digest))
      if (planned.has(next) && next !== version.digest) waitingOn.get(next)!.add(version.digest);
  }
  const pending = [...order];
  let inFlight = 0;

  await new Promise<void>((resolve) => {
    const pump = () => {
      while (!progress.stopped && !progress.denied && inFlight < OUR_CONCURRENCY && pending.length) {
        let at = pending.findIndex((version) => waitingOn.get(version.digest)!.size === 0);
        // Only a cycle of references leaves nothing ready with nothing in flight; take its first.
        if (at < 0 && inFlight === 0) at = 0;
        if (at < 0) break;
        const reason = canStart(inFlight);
        if (reason) {
          const left = `${pending.length} deletions of ${batch.ref.name} and any later packages`;
          progress.stopped = `${reason}; stopped with ${left} left for the next run.`;
          break;
        }
        const [version] = pending.splice(at, 1);
        inFlight += 1;
        void client.deleteVersion(batch.ref, version!.id).then((outcome) => {
          inFlight -= 1;
          settle(version!, outcome);
          pump();
        });
      }
      if (inFlight === 0) resolve();
    };
    const settle = (version: PlannedVersion, outcome: VersionOutcome) => {
      if (outcome.kind === 'done' || outcome.kind === 'already-gone') {
        // Gone either way, so what it reached may go now; only this run's deletions are reported.
        if (outcome.kind === 'done') progress.deleted.push(version);
        else progress.notes.push(outcome.message);
        for (const parents of waitingOn.values()) parents.delete(version.digest);
        return;
      }
      if (outcome.kind === 'no-permission') progress.denied = outcome.message;
      else if (outcome.kind === 'rate-limited')
        progress.stopped = `${outcome.message}; stopped, the next run continues`;
      else progress.notes.push(outcome.message);
      keepReachedFrom(version);
    };
    // What a version that could not be deleted reaches stays, or its image would break.
    const keepReachedFrom = (version: PlannedVersion) => {
      for (const candidate of pending.filter((c) => waitingOn.get(c.digest)!.has(version.digest))) {
        pending.splice(pending.indexOf(candidate), 1);
        progress.notes.push(
          `version ${candidate.id} (${candidate.digest}) kept: ${version.digest}, which reaches it, was not deleted`,
        );
        keepReachedFrom(candidate);
      }
    };
    pump();
  });
}
