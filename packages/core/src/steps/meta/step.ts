import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChoice, type StepIO, type StepResult } from '../../actions/index.ts';
import { readGitFacts, withGitFacts } from '../../context/index.ts';
import { tagOptionsFromEnv } from '../../tags/index.ts';
import { bakeDefinition, computeMetadata, metadataOutputs, metadataSummary, type BakeKind, type Metadata } from '../../metadata/index.ts';

/** The meta action's outputs: docker/metadata-action's, then ours. action.yml declares exactly these. */
export const META_OUTPUTS = ['version', 'tags', 'tag-names', 'labels', 'annotations', 'json', 'bake-file', 'bake-file-tags', 'bake-file-labels', 'bake-file-annotations', 'image-refs', 'build-args', 'explain'] as const;
export type MetaOutput = (typeof META_OUTPUTS)[number];

const BAKE_FILES: Array<[MetaOutput, BakeKind]> = [['bake-file-tags', 'tags'], ['bake-file-labels', 'labels'], ['bake-file-annotations', 'annotations'], ['bake-file', 'combined']];

/**
 * The meta action: docker/metadata-action's inputs in, its outputs (and ours) out, the bake
 * files written to RUNNER_TEMP, and DOCKER_METADATA_OUTPUT_* exported unless
 * DOCKER_METADATA_SET_OUTPUT_ENV=false.
 */
export async function metaStep(io: StepIO): Promise<StepResult<MetaOutput> & { metadata: Metadata }> {
  const { read, env } = io;
  const source = readChoice(read, 'context', ['workflow', 'git'] as const, 'workflow');
  // Applied when the context was loaded (runStep's dateFromCommit); read here so a typo fails.
  readChoice(read, 'date-source', ['now', 'commit'] as const, 'now');
  const facts = source === 'git' ? readGitFacts(process.cwd()) : undefined;
  if (source === 'git' && !facts) io.warning('context: git was asked for, but the working directory is not a git checkout; using the workflow context');
  const context = facts ? withGitFacts(io.context, facts) : io.context;

  const metadata = computeMetadata(
    {
      images: read('images'),
      tags: read('tags'),
      flavor: read('flavor'),
      labels: read('labels'),
      annotations: read('annotations'),
      buildArgs: read('build-args'),
      annotationLevels: env.DOCKER_METADATA_ANNOTATIONS_LEVELS,
      tagOptions: tagOptionsFromEnv(env),
    },
    context,
  );
  new Set(metadata.warnings).forEach((warning) => io.warning(warning));
  if (!metadata.version) io.warning('No image version was produced. Check the tags input; the explain output says what each rule did.');

  const separator = (name: string) => read(name, { trim: false }) || '\n';
  const outputs: Record<MetaOutput, string> = { 'bake-file': '', 'bake-file-tags': '', 'bake-file-labels': '', 'bake-file-annotations': '', ...metadataOutputs(metadata, { tags: separator('sep-tags'), labels: separator('sep-labels'), annotations: separator('sep-annotations') }) };
  const target = read('bake-target') || 'docker-metadata-action';
  const dir = env.RUNNER_TEMP || tmpdir();
  for (const [output, kind] of BAKE_FILES) {
    const path = join(dir, `docker-metadata-action-bake${kind === 'combined' ? '' : `-${kind}`}.json`);
    writeFileSync(path, `${JSON.stringify(bakeDefinition(metadata, kind, target), null, 2)}\n`);
    outputs[output] = path;
  }
  io.info(metadata.tags.map((t) => t.ref).join('\n') || '(no tags)');

  const exportEnv = !/^false$/i.test(env.DOCKER_METADATA_SET_OUTPUT_ENV ?? 'true');
  const exports = exportEnv ? Object.fromEntries(Object.entries(outputs).map(([name, value]) => [`DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, '_').toUpperCase()}`, value])) : {};
  const summary = read('summary') === 'false' ? '' : metadataSummary(metadata);
  return { outputs, exports, summary, metadata };
}
