import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { booleanInput, choiceInput, input, runAction, secretInput, writeSummary } from '@ghcr-kit/core/actions';
import { loadContext, readGitFacts, withGitFacts } from '@ghcr-kit/core/context';
import { bakeDefinition, computeMetadata, metadataOutputs, metadataSummary, type BakeKind } from '@ghcr-kit/core/metadata';
import { tagOptionsFromEnv } from '@ghcr-kit/core/tags';

await runAction(async () => {
  const env = process.env;
  const token = secretInput('github-token');
  const source = choiceInput('context', ['workflow', 'git'] as const, 'workflow');
  const dateSource = choiceInput('date-source', ['now', 'commit'] as const, 'now');
  const loaded = await loadContext(env, { token, dateFromCommit: dateSource === 'commit' });
  loaded.warnings.forEach((warning) => core.warning(warning));
  const facts = source === 'git' ? readGitFacts(process.cwd()) : undefined;
  if (source === 'git' && !facts) core.warning('context: git was asked for, but the working directory is not a git checkout; using the workflow context');
  const context = facts ? withGitFacts(loaded.context, facts) : loaded.context;

  const metadata = computeMetadata(
    {
      images: input('images'),
      tags: input('tags'),
      flavor: input('flavor'),
      labels: input('labels'),
      annotations: input('annotations'),
      buildArgs: input('build-args'),
      annotationLevels: env.DOCKER_METADATA_ANNOTATIONS_LEVELS,
      tagOptions: tagOptionsFromEnv(env),
    },
    context,
  );
  if (!metadata.version) core.warning('No image version was produced. Check the tags input; the explain output says what each rule did.');

  const outputs = metadataOutputs(metadata, {
    tags: separator(core.getInput('sep-tags', { trimWhitespace: false })),
    labels: separator(core.getInput('sep-labels', { trimWhitespace: false })),
    annotations: separator(core.getInput('sep-annotations', { trimWhitespace: false })),
  });
  const target = input('bake-target') || 'docker-metadata-action';
  const dir = env.RUNNER_TEMP || tmpdir();
  const kinds: Array<[string, BakeKind]> = [['bake-file-tags', 'tags'], ['bake-file-labels', 'labels'], ['bake-file-annotations', 'annotations'], ['bake-file', 'combined']];
  for (const [output, kind] of kinds) {
    const path = join(dir, `docker-metadata-action-bake${kind === 'combined' ? '' : `-${kind}`}.json`);
    writeFileSync(path, `${JSON.stringify(bakeDefinition(metadata, kind, target), null, 2)}\n`);
    outputs[output] = path;
  }

  // docker/metadata-action also exports every output as DOCKER_METADATA_OUTPUT_<NAME> unless
  // DOCKER_METADATA_SET_OUTPUT_ENV=false; workflows read those in later `run:` steps.
  const exportEnv = !/^false$/i.test(env.DOCKER_METADATA_SET_OUTPUT_ENV ?? 'true');
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, value);
    if (exportEnv) core.exportVariable(`DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, '_').toUpperCase()}`, value);
  }
  core.info(metadata.tags.map((t) => t.ref).join('\n') || '(no tags)');
  if (booleanInput('summary', true)) await writeSummary(metadataSummary(metadata));
});

function separator(raw: string): string {
  return raw === '' ? '\n' : raw;
}
