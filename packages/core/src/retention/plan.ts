import type { Policy } from './policy.ts';

/**
 * A retention plan: every version of one package with keep or delete and the reasons. Plain
 * JSON, so it can be shown, saved by a dry run, and applied later exactly as it was shown.
 */
export const PLAN_SCHEMA_VERSION = 1;

export interface Plan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  /** The moment ages were measured from. */
  createdAt: string;
  policy: Policy;
  versions: PlannedVersion[];
  totals: { kept: number; deleted: number; freedBytes: number };
  /** Things a person should look at: images already broken, manifests that could not be read. */
  warnings: string[];
}

export interface PlannedVersion {
  id: number;
  digest: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  action: 'keep' | 'delete';
  reasons: Reason[];
  /** The manifest and the blobs it lists (blobs shared with other images are counted in each). */
  bytes: number;
}

export type ReasonCode =
  // keep
  | 'protected'
  | 'rule-forever'
  | 'rule-not-due'
  | 'no-rule'
  | 'keep-n-tagged'
  | 'untagged-kept'
  | 'untagged-not-due'
  | 'keep-n-untagged'
  | 'reachable'
  | 'manifest-unknown'
  | 'graph-incomplete'
  // delete
  | 'rule-due'
  | 'keep-n-exceeded'
  | 'untagged-due'
  | 'parent-deleted'
  | 'subject-deleted'
  | 'subject-missing';

export interface Reason {
  code: ReasonCode;
  message: string;
  tag?: string;
  rule?: string;
  /** The kept root that reaches this version, or the deleted image it goes with. */
  via?: string;
}
