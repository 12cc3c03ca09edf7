import type { Context } from '../context/index.ts';

export type TagType = 'schedule' | 'semver' | 'pep440' | 'match' | 'edge' | 'ref' | 'raw' | 'sha';
export type RefEvent = 'branch' | 'tag' | 'pr';
export type ShaFormat = 'short' | 'long';

/** One line of the `tags` input, with upstream's defaults filled in. */
export interface TagRule {
  /** The line as the user wrote it (trimmed), for messages and the explain output. */
  line: string;
  type: TagType;
  /** A template that must render to `true` or `false`. */
  enable: string;
  priority: number;
  /** Absent means "use the flavor's"; present (even empty) overrides it, as upstream. */
  prefix?: string;
  suffix?: string;
  value: string;
  pattern: string;
  /** semver/pep440: a regular expression whose first group (else whole match) is the version. */
  match: string;
  group: number;
  branch: string;
  event?: RefEvent;
  format: ShaFormat;
}

export interface Flavor {
  latest: 'auto' | 'true' | 'false';
  prefix: string;
  prefixLatest: boolean;
  suffix: string;
  suffixLatest: boolean;
  /** Accepted for drop-in compatibility; the labels domain applies it. */
  labelPrefix: string;
}

/** Values the caller reads from DOCKER_METADATA_SHORT_SHA_LENGTH / DOCKER_METADATA_PR_HEAD_SHA. */
export interface TagOptions {
  shortShaLength?: number;
  prHeadSha?: boolean;
}

export interface TagsResult {
  version: { main: string | undefined; partial: string[]; latest: boolean };
  tags: Array<{ value: string; rule: string }>;
  explain: Array<{ rule: string; tags: string[]; reason?: string }>;
  /** Rendered as upstream renders it, but likely not what was meant (an unquoted date format). */
  warnings: string[];
}

export type { Context };
