#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { InputError } from '@ghcr-kit/core/errors';
import { localContext } from './local-context.ts';
import { previewTags } from './commands/tags.ts';
import { previewPlan } from './commands/plan.ts';

const USAGE = `ghcr-kit — offline previews of the ghcr-kit actions

Usage:
  ghcr-kit plan [flags]   the publish plan for this checkout (image, platforms, tags, labels)
  ghcr-kit tags [flags]   what the meta action outputs, with --explain for every rule

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

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      event: { type: 'string' }, ref: { type: 'string' }, sha: { type: 'string' }, repo: { type: 'string' },
      'default-branch': { type: 'string' }, pr: { type: 'string' }, 'head-ref': { type: 'string' }, 'base-ref': { type: 'string' },
      prerelease: { type: 'boolean' }, input: { type: 'string', multiple: true }, cwd: { type: 'string' },
      images: { type: 'string' }, tags: { type: 'string' }, flavor: { type: 'string' }, labels: { type: 'string' },
      annotations: { type: 'string' }, platforms: { type: 'string' }, explain: { type: 'boolean' }, json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'plan';
  if (values.help || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const { context, notes } = localContext(values, process.env);
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
  const lists = (text: string | undefined) => text?.replace(/;/g, '\n');
  const flags = { ...values, images: lists(values.images), tags: lists(values.tags), flavor: lists(values.flavor), labels: lists(values.labels), annotations: lists(values.annotations) };
  if (command === 'tags') process.stdout.write(previewTags(flags, context, process.env).text);
  else if (command === 'plan') process.stdout.write(previewPlan(flags, context, process.env));
  else {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  const known = error instanceof InputError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`ghcr-kit: ${(error as Error).message}\n`);
  if (!known) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  process.exitCode = known ? 2 : 1;
}
