import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunStepOptions, StepIO, StepResult } from '../../actions/index.ts';
import { readGitFacts, withGitFacts } from '../../context/index.ts';
import {
  bakeDefinition,
  computeMetadata,
  metadataOutputs,
  metadataSummary,
  type BakeKind,
  type Metadata,
} from '../../metadata/index.ts';
import { parseMetaInputs } from './inputs.ts';

/** The meta action's outputs: docker/metadata-action's, then ours. action.yml declares exactly these. */
export const META_OUTPUTS = [
  'version',
  'tags',
  'tag-names',
  'labels',
  'annotations',
  'json',
  'bake-file',
  'bake-file-tags',
  'bake-file-labels',
  'bake-file-annotations',
  'image-refs',
  'build-args',
  'explain',
] as const;
export type MetaOutput = (typeof META_OUTPUTS)[number];

const BAKE_FILES: Array<[MetaOutput, BakeKind]> = [
  ['bake-file-tags', 'tags'],
  ['bake-file-labels', 'labels'],
  ['bake-file-annotations', 'annotations'],
  ['bake-file', 'combined'],
];

/**
 * The meta action: docker/metadata-action's inputs in, its outputs (and ours) out, the bake
 * files written to RUNNER_TEMP, and DOCKER_METADATA_OUTPUT_* exported unless
 * DOCKER_METADATA_SET_OUTPUT_ENV=false.
 */
async function runMeta(io: StepIO): Promise<StepResult<MetaOutput> & { metadata: Metadata }> {
  const inputs = parseMetaInputs(io.read, io.env);
  const facts = inputs.source === 'git' ? readGitFacts(process.cwd()) : undefined;
  if (inputs.source === 'git' && !facts) {
    io.warning(
      'context: git was asked for, but the working directory is not a git checkout; using the workflow context',
    );
  }
  const context = facts ? withGitFacts(io.context, facts) : io.context;

  const metadata = computeMetadata(inputs.metadata, context);
  new Set(metadata.warnings).forEach((warning) => io.warning(warning));
  if (!metadata.version) {
    io.warning('No image version was produced. Check the tags input; the explain output says what each rule did.');
  }

  const bakeFiles: Record<string, string> = {};
  const dir = io.env.RUNNER_TEMP || tmpdir();
  for (const [output, kind] of BAKE_FILES) {
    const path = join(dir, `docker-metadata-action-bake${kind === 'combined' ? '' : `-${kind}`}.json`);
    writeFileSync(path, `${JSON.stringify(bakeDefinition(metadata, kind, inputs.bakeTarget), null, 2)}\n`);
    bakeFiles[output] = path;
  }
  const outputs = { ...metadataOutputs(metadata, inputs.separators), ...bakeFiles } as Record<MetaOutput, string>;
  io.info(metadata.tags.map((t) => t.ref).join('\n') || '(no tags)');

  const exportName = (name: string) => `DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, '_').toUpperCase()}`;
  const exports = inputs.exportEnv
    ? Object.fromEntries(Object.entries(outputs).map(([name, value]) => [exportName(name), value]))
    : {};
  return { outputs, exports, summary: inputs.summary ? metadataSummary(metadata) : '', metadata };
}

// runStep calls these before it loads the context, so every input is checked before the one
// request meta makes (the repository facts an event payload lacks).
const contextOptions: RunStepOptions = {
  token: (read, env) => parseMetaInputs(read, env).githubToken,
  dateFromCommit: (read, env) => parseMetaInputs(read, env).dateSource === 'commit',
};

export const metaStep = Object.assign(runMeta, { contextOptions });
