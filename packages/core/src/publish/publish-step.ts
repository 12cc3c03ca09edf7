import { readBoolean, type RunStepOptions, type StepIO, type StepResult } from '../actions/index.ts';
import { ACT_ATTEST_NOTICE, actWithoutIdToken, subjectsFromImageRefs } from '../attest/index.ts';
import type { BuildOutcome } from '../build/index.ts';
import { parseImageRef } from '../reference/index.ts';
import { buildStep, BUILD_OUTPUTS } from '../steps/build/index.ts';
import { metaStep, META_OUTPUTS } from '../steps/meta/index.ts';
import { scanStep, SCAN_OUTPUTS } from '../steps/scan/index.ts';
import { attestStep, ATTEST_OUTPUTS } from '../steps/attest/index.ts';
import { signStep, SIGN_OUTPUTS } from '../steps/sign/index.ts';
import { checkPublishInputs } from './check-inputs.ts';
import { PUBLISH_HIDDEN_OUTPUTS, publishName } from './renames.ts';
import { attestInputs, buildInputs, metaInputs, scanInputs, signInputs } from './step-inputs.ts';

/** Every step's outputs under their publish names; a name two steps share is the later step's. */
export const PUBLISH_OUTPUTS = [
  ...new Set([
    ...META_OUTPUTS.map((name) => publishName('meta', 'outputs', name)),
    ...BUILD_OUTPUTS.map((name) => publishName('build', 'outputs', name)),
    ...SCAN_OUTPUTS.map((name) => publishName('scan', 'outputs', name)),
    ...ATTEST_OUTPUTS.filter((name) => !PUBLISH_HIDDEN_OUTPUTS.attest!.includes(name)).map((name) =>
      publishName('attest', 'outputs', name),
    ),
    ...SIGN_OUTPUTS.map((name) => publishName('sign', 'outputs', name)),
  ]),
];

/**
 * The root action: meta → build → scan → attest → sign in one process sharing one Context.
 * Every step's inputs are checked first; each step is the single action's own step, fed through
 * readers that add publish's defaults, and each takes the earlier steps' typed results: build
 * meta's Metadata, scan build's pushed images, attest those and scan's SBOMs, sign the images.
 * Outputs are the union under publish's names (`image-refs` is build's `name@digest`); the
 * summary is one page.
 */
async function runPublish(io: StepIO): Promise<StepResult> {
  await checkPublishInputs(io);
  const meta = await metaStep({ ...io, read: metaInputs(io.read, io.context) });
  const build = await buildStep({ ...io, read: buildInputs(io.read) }, meta.metadata);
  const rows: Array<[string, string]> = [
    ['meta', `${meta.metadata.tags.length} tags, version \`${meta.metadata.version || '(none)'}\``],
    ['build', build.outcome.pushed ? `pushed \`${build.outcome.digest}\`` : 'built, not pushed'],
  ];
  const outputs: Record<string, string> = { ...renamed('meta', meta.outputs), ...renamed('build', build.outputs) };
  const summaries = [meta.summary, build.summary];
  let failure: string | undefined;
  let sbomPath = '';

  // Scanning reads the pushed image from the registry; an image that was not pushed (a pull
  // request) has nothing to read, and the summary says so rather than pretending.
  if (!readBoolean(io.read, 'scan', true)) rows.push(['scan', 'off (scan: false)']);
  else if (!build.outcome.pushed) rows.push(['scan', 'skipped: the image was not pushed']);
  else {
    const scan = await scanStep({ ...io, read: scanInputs(io.read) }, build.outcome.imageRefs);
    Object.assign(outputs, renamed('scan', scan.outputs));
    summaries.push(scan.summary);
    rows.push([
      'scan',
      `critical ${scan.outputs.critical}, high ${scan.outputs.high}; ${scan.passed ? 'passed' : 'gate failed'}`,
    ]);
    failure = scan.failure;
    // The SPDX SBOM of the first platform scanned; attest warns when it describes an index.
    sbomPath = scan.sboms[0]?.spdx ?? '';
  }

  if (!readBoolean(io.read, 'attest', true)) rows.push(['attest', 'off (attest: false)']);
  else if (!build.outcome.pushed) rows.push(['attest', 'skipped: the image was not pushed']);
  else if (actWithoutIdToken(io.env)) {
    io.notice(ACT_ATTEST_NOTICE);
    rows.push(['attest', 'skipped: no OIDC token under act']);
  } else {
    const subjects = subjectsFromImageRefs(build.outcome.imageRefs);
    const read = attestInputs(io.read);
    const attested = [await attestStep({ ...io, read }, { subjects, sbomPath: '' })];
    if (sbomPath) attested.push(await attestStep({ ...io, read }, { subjects, sbomPath }));
    for (const name of ATTEST_OUTPUTS.filter((n) => !PUBLISH_HIDDEN_OUTPUTS.attest!.includes(n))) {
      outputs[publishName('attest', 'outputs', name)] = attested
        .map((a) => a.outputs[name])
        .filter(Boolean)
        .join('\n');
    }
    summaries.push(...attested.map((a) => a.summary));
    rows.push(['attest', sbomPath ? 'provenance and SBOM, signed and pushed' : 'provenance, signed and pushed']);
  }

  // On by default where it can be: a job without id-token: write has no identity to sign with,
  // and publish says so in its summary instead of failing a build that was never asked to sign.
  if (!readBoolean(io.read, 'sign', true)) rows.push(['sign', 'off (sign: false)']);
  else if (!build.outcome.pushed) rows.push(['sign', 'skipped: the image was not pushed']);
  else if (!io.env.ACTIONS_ID_TOKEN_REQUEST_URL)
    rows.push(['sign', 'skipped: the job has no `id-token: write` permission']);
  else {
    const signed = await signStep({ ...io, read: signInputs(io.read) }, pushedImages(build.outcome));
    Object.assign(outputs, renamed('sign', signed.outputs));
    summaries.push(signed.summary);
    rows.push([
      'sign',
      `${signed.signatures.length} signature(s), ${signed.signatures.length ? 'pushed beside the image' : 'none'}`,
    ]);
  }

  const header = [
    '# ghcr-kit publish',
    '',
    '| Step | Result |',
    '| --- | --- |',
    ...rows.map(([step, result]) => `| ${step} | ${result} |`),
    '',
  ].join('\n');
  return {
    outputs,
    exports: meta.exports,
    summary: [header, ...summaries].filter(Boolean).join('\n'),
    ...(failure && { failure }),
  };
}

function renamed(step: string, outputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => [publishName(step, 'outputs', name), value]),
  );
}

/** The digests build pushed, one per repository, as sign takes them. */
function pushedImages(outcome: BuildOutcome): Array<{ registry: string; repository: string; digest: string }> {
  return outcome.imageRefs.map((raw) => {
    const ref = parseImageRef(raw, { input: 'images' });
    return { registry: ref.registry, repository: ref.repository, digest: ref.digest ?? outcome.digest };
  });
}

// runStep reads these before it loads the context: the token for repository facts the payload
// lacks, where the dates come from (meta's `date-source`), and every input, checked before
// that request.
const contextOptions: RunStepOptions = {
  token: (read) => read('github-token'),
  dateFromCommit: (read) => read('date-source') === 'commit',
  checkInputs: checkPublishInputs,
};

export const publishStep = Object.assign(runPublish, { contextOptions });
