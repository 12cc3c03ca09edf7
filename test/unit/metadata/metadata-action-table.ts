import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startGitHubApi, type GitHubApi } from '../../harness/github-api.ts';

/**
 * docker/metadata-action v6.2.0's own test table (`__tests__/meta.test.ts`), restated as
 * cases over our fixtures: the events it runs on, the inputs a workflow would give, and what
 * upstream answers. The unit test runs each case through the meta step, the e2e test through
 * dist/meta/index.js as the runner runs it; both compare with the same function.
 */
export interface TableCase {
  /** `<upstream describe>/<upstream row name>`, so a row is easy to find in either table. */
  id: string;
  event: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  expect: Expected;
}

export interface Expected {
  version?: string;
  tags?: string[];
  labels?: string[];
  /** Without a level; the `annotations` output prefixes each with `manifest:`. */
  annotations?: string[];
  json?: unknown;
  bakeTags?: unknown;
  bakeLabels?: unknown;
  bakeAnnotations?: unknown;
  bake?: unknown;
  /** The `tags` output as one string (the sep-tags rows). */
  tagsOutput?: string;
}

export interface EventFixture {
  env: Record<string, string>;
  payload?: Record<string, unknown>;
}

const dir = new URL('../../fixtures/metadata-action/', import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;

export const TABLE: TableCase[] = readJson('cases.json');
export const EVENTS: Record<string, EventFixture> = readJson('events.json');
/** What `GET /repos/octocat/Hello-World` answers (upstream's tests read their labels from it). */
export const REPOSITORY: Record<string, unknown> = readJson('repository.json');
export const TOKEN = 'ghs_metadataActionTable0001';

/** The GitHub API simulator, answering for the repository the table's labels describe. */
export function startRepositoryApi(): Promise<GitHubApi> {
  return startGitHubApi({ tokens: [TOKEN], repositories: { 'octocat/hello-world': REPOSITORY } });
}
/** 2020-01-10T00:30:00Z, the instant upstream's tests freeze the clock at. */
export const SOURCE_DATE_EPOCH = '1578616200';

/**
 * Rows where we answer differently on purpose, with the reason and our answer. The README's
 * Migrating table and actions/meta/README.md say the same.
 */
const PRERELEASE_RELEASE =
  'the release event is marked prerelease: upstream still adds latest (latest=auto follows the tag), we never move ' +
  'latest to a release its author marked as not ready';
export const DIFFERENCES: Record<string, { reason: string; ours: Expected }> = {
  'release/release01': { reason: PRERELEASE_RELEASE, ours: { tags: ['user/app:v1.1.1'] } },
  'release/release02': { reason: PRERELEASE_RELEASE, ours: { tags: ['user/app:v1.1.1', 'user/app:baseref-'] } },
};

/** The inputs as the runner passes them: action.yml's defaults, then the row's own. */
export function runnerInputs(row: TableCase): Record<string, string> {
  const action = parse(readFileSync(new URL('../../../actions/meta/action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, spec.default ?? '']));
  return { ...defaults, 'github-token': TOKEN, ...row.inputs };
}

/** The runner environment of the row's event, with upstream's frozen clock and its switches. */
export function runnerEnv(row: TableCase, apiUrl: string): Record<string, string> {
  const event = EVENTS[row.event];
  if (!event) throw new Error(`no event fixture ${row.event}`);
  return { ...event.env, GITHUB_API_URL: apiUrl, SOURCE_DATE_EPOCH, ...row.env };
}

/** What upstream answers, with our documented answer in place where we differ. */
export function expectedFor(row: TableCase): Expected {
  const expected: Expected = { ...row.expect, ...DIFFERENCES[row.id]?.ours };
  // Upstream's json output holds the same tags, labels and annotations (manifest level).
  if (expected.tags && expected.labels && expected.annotations && !expected.json) {
    // Every image gets the same tags, so the names are the distinct parts after the last `:`.
    const names = new Set(expected.tags.map((tag) => tag.slice(tag.lastIndexOf(':') + 1)));
    expected.json = {
      tags: expected.tags,
      'tag-names': [...names],
      labels: keyValues(expected.labels),
      annotations: expected.annotations.map((a) => `manifest:${a}`),
    };
  }
  return expected;
}

/** The same fields, read from what a run wrote (outputs, and the bake files they name). */
export function actualFor(row: TableCase, outputs: Record<string, string>): Expected {
  const lines = (text: string | undefined) => (text ? text.split('\n') : []);
  const file = (output: string) => JSON.parse(readFileSync(outputs[output] ?? '', 'utf8')) as unknown;
  const actual: Expected = {};
  const want = row.expect;
  if (want.version !== undefined) actual.version = outputs.version ?? '';
  if (want.tags) actual.tags = lines(outputs.tags);
  if (want.labels) actual.labels = lines(outputs.labels);
  if (want.annotations) actual.annotations = lines(outputs.annotations).map((a) => a.replace(/^manifest:/, ''));
  if (want.json || (want.tags && want.labels && want.annotations)) actual.json = JSON.parse(outputs.json ?? 'null');
  if (want.bakeTags) actual.bakeTags = file('bake-file-tags');
  if (want.bakeLabels) actual.bakeLabels = file('bake-file-labels');
  if (want.bakeAnnotations) actual.bakeAnnotations = file('bake-file-annotations');
  if (want.bake) actual.bake = file('bake-file');
  if (want.tagsOutput !== undefined) actual.tagsOutput = outputs.tags ?? '';
  return actual;
}

function keyValues(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}
