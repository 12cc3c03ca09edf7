import { readBoolean, type StepIO } from '../actions/index.ts';
import { imageRefs } from '../build/index.ts';
import { computeMetadata, type Metadata } from '../metadata/index.ts';
import { parseAttestInputs } from '../steps/attest/index.ts';
import { parseBuildInputs } from '../steps/build/index.ts';
import { parseMetaInputs } from '../steps/meta/index.ts';
import { parseScanInputs } from '../steps/scan/index.ts';
import { parseSignInputs } from '../steps/sign/index.ts';
import { attestInputs, buildInputs, metaInputs, scanInputs, signInputs } from './step-inputs.ts';

// Stands in for the digest build has not pushed yet; scan's parser only checks its form.
const NOT_YET_PUSHED = `sha256:${'0'.repeat(64)}`;

/**
 * Every input of every step publish will run, read and checked as each step will read it, before
 * meta reads git or writes a file and before build starts a builder: a typo in scan's `severity`
 * must not cost a build and a push. Throws the step's own InputError. Build is checked against
 * the metadata of the workflow context; meta's `context: git` can change the tags after this,
 * and build checks them again when it starts.
 */
export async function checkPublishInputs(io: StepIO): Promise<void> {
  const { read, env, context } = io;
  const meta = parseMetaInputs(metaInputs(read, context), env);
  const metadata: Metadata = computeMetadata(meta.metadata, context);
  parseBuildInputs(buildInputs(read), env, context, metadata);
  if (readBoolean(read, 'scan', true)) {
    const pushed = imageRefs(
      metadata.images.map((i) => i.fullName),
      NOT_YET_PUSHED,
    );
    parseScanInputs(scanInputs(read), env, process.arch, pushed);
  }
  if (readBoolean(read, 'attest', true)) {
    await parseAttestInputs(attestInputs(read), context, { subjects: [], sbomPath: '' });
  }
  if (readBoolean(read, 'sign', true)) parseSignInputs(signInputs(read), context.serverUrl, []);
}
