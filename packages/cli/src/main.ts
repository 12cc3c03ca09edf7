#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { InputError } from '@ghcr-kit/core/errors';
import { localContext } from './local-context.ts';
import { previewTags } from './commands/tags.ts';
import { previewPlan } from './commands/plan.ts';
import { changed } from './commands/changed.ts';
import { runLocally } from './commands/run.ts';
import { doctor } from './commands/doctor.ts';
import { retention } from './commands/retention.ts';

const USAGE = `ghcr-kit — offline previews of the ghcr-kit actions

Usage:
  ghcr-kit plan [flags]   the publish plan for this checkout (image, platforms, tags, labels)
  ghcr-kit tags [flags]   what the meta action outputs, with --explain for every rule
  ghcr-kit changed --services YAML [--shared-paths LIST] [--base SHA] [--event E] [--registry R]
                          the services to build (JSON on stdout), for the publish workflow
  ghcr-kit run ACTION [--event NAME|FILE] [--input KEY=VALUE ...]
                          run an action's bundle here with a synthesized runner environment
  ghcr-kit verify IMAGE --input repo=OWNER/NAME [--input signer-workflow=... ...]
                          verify an image's attestations and cosign signatures (attest's verify mode)
  ghcr-kit doctor [--workflow FILE ...] [--dockerfile FILE ...] [--images LIST]
                          read-only checks of what makes first runs fail: permissions, image
                          names, FROM registries, and (with GH_TOKEN) the GHCR package's access
  ghcr-kit retention --input owner=O --input packages=P [--input policy-file=F ...] | --plan FILE
                          the cleanup's retention plan: every version, keep or delete, and why
                          (live, read-only, with GITHUB_TOKEN; or from a plan a dry run saved)

Event flags (default: the local git checkout, as a push):
  --event NAME          push, pull_request, release, schedule, workflow_dispatch, ...
  --ref REF             refs/heads/main, refs/tags/v1.2.3, or a branch name
  --sha SHA             commit sha
  --repo OWNER/NAME     repository (default: the origin remote)
  --default-branch B    default branch (default: main)
  --pr N                a pull request number (sets --event pull_request)
  --head-ref B          the pull request's head branch
  --prerelease          the release event is a prerelease
  --input KEY=VALUE     a workflow_dispatch input (repeatable)
Metadata flags (the meta action's inputs):
  --images, --tags, --flavor, --labels, --annotations   newline- or ';'-separated lists
  --platforms LIST      platforms for plan
  --explain             say, for every tag rule, what it produced or why not
  --json                print JSON
`;

/** A command line that cannot run: one line, no stack. */
export class UsageError extends Error {}

const OPTIONS = {
  event: { type: 'string' },
  ref: { type: 'string' },
  sha: { type: 'string' },
  repo: { type: 'string' },
  'default-branch': { type: 'string' },
  pr: { type: 'string' },
  'head-ref': { type: 'string' },
  'base-ref': { type: 'string' },
  prerelease: { type: 'boolean' },
  input: { type: 'string', multiple: true },
  cwd: { type: 'string' },
  images: { type: 'string' },
  tags: { type: 'string' },
  flavor: { type: 'string' },
  labels: { type: 'string' },
  annotations: { type: 'string' },
  platforms: { type: 'string' },
  explain: { type: 'boolean' },
  json: { type: 'boolean' },
  services: { type: 'string' },
  'shared-paths': { type: 'string' },
  base: { type: 'string' },
  registry: { type: 'string' },
  workflow: { type: 'string', multiple: true },
  dockerfile: { type: 'string', multiple: true },
  plan: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const STRING_OPTIONS = new Set(
  Object.entries(OPTIONS)
    .filter(([, spec]) => spec.type === 'string')
    .map(([name]) => `--${name}`),
);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinValues(argv, STRING_OPTIONS),
    allowPositionals: true,
    options: OPTIONS,
  });
  const command = positionals[0] ?? 'plan';
  if (values.help || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === 'changed') {
    const result = changed(values, process.env);
    process.stderr.write(`${result.reason}\n`);
    process.stdout.write(`${result.json}\n`);
    return 0;
  }
  if (command === 'doctor') {
    const result = await doctor(values, process.env);
    process.stdout.write(result.text);
    return result.code;
  }
  if (command === 'run') return runLocally(positionals[1] ?? '', values, process.env);
  if (command === 'retention') return retention(values, process.env, (text) => process.stdout.write(text));
  if (command === 'verify') {
    if (!positionals[1])
      throw new UsageError('verify needs the image: ghcr-kit verify ghcr.io/owner/app:tag --input repo=owner/app');
    return runLocally(
      'attest',
      { ...values, input: ['mode=verify', `image-ref=${positionals[1]}`, ...(values.input ?? [])] },
      process.env,
    );
  }
  const { context, notes } = localContext(values, process.env);
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
  const lists = (text: string | undefined) => text?.replace(/;/g, '\n');
  const flags = {
    ...values,
    images: lists(values.images),
    tags: lists(values.tags),
    flavor: lists(values.flavor),
    labels: lists(values.labels),
    annotations: lists(values.annotations),
  };
  if (command === 'tags') process.stdout.write(previewTags(flags, context, process.env).text);
  else if (command === 'plan') process.stdout.write(previewPlan(flags, context, process.env));
  else {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  return 0;
}

/**
 * `--services "- name: api"` is how a workflow passes YAML, but node:util's parseArgs refuses a
 * value that starts with "-" as ambiguous; `--services=- name: api` is the same, unambiguous.
 */
function joinValues(argv: string[], stringOptions: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (stringOptions.has(arg) && i + 1 < argv.length) out.push(`${arg}=${argv[++i]}`);
    else out.push(arg);
  }
  return out;
}

function fail(error: unknown): void {
  const known =
    error instanceof InputError ||
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`ghcr-kit: ${(error as Error).message}\n`);
  if (!known) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  process.exitCode = known ? 2 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  fail(error);
}
