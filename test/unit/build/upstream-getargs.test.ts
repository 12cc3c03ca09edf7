import { describe, expect, it } from 'vitest';
import { buildxBuildArgs, defaultGitContext } from '../../../packages/core/src/build/index.ts';
import { parseBuildInputs } from '../../../packages/core/src/steps/build/index.ts';
import { contextFromEnv } from '../../../packages/core/src/context/index.ts';
import {
  IIDFILE,
  METADATA,
  SECRET,
  UPSTREAM_ENV,
  UPSTREAM_PAYLOAD,
  UPSTREAM_ROWS,
  type UpstreamRow,
} from '../../fixtures/build/upstream/getargs-rows.ts';

/** Our arguments for one upstream row: the core parser and arg builder, nothing else. */
function ourArgs(row: UpstreamRow): string[] {
  const env = { ...UPSTREAM_ENV, ...row.env };
  const context = contextFromEnv(env, UPSTREAM_PAYLOAD);
  const inputs = parseBuildInputs((name) => row.inputs[name] ?? '', env, context);
  const ids = [...inputs.secrets.map((s) => s.id), `GIT_AUTH_TOKEN.${new URL(context.serverUrl).host}`];
  const { args } = buildxBuildArgs({
    inputs,
    buildxVersion: row.buildx,
    buildkitVersion: '0.11.0',
    cacheFrom: inputs.cacheFrom,
    cacheTo: inputs.cacheTo,
    iidFile: IIDFILE,
    metadataFile: METADATA,
    secretPaths: Object.fromEntries(ids.map((id) => [id, SECRET])),
    context,
    noDefaultAttestations: /^(1|true)$/i.test(env.BUILDX_NO_DEFAULT_ATTESTATIONS ?? ''),
    defaultContext: defaultGitContext(context, env, row.buildx),
  });
  expect(args[0]).toBe('buildx');
  return args.slice(1);
}

describe('docker/build-push-action v7.3.0 getArgs rows, through our core', () => {
  it('restates all 39 rows', () => expect(UPSTREAM_ROWS.map((r) => r.row)).toEqual([...Array(39).keys()]));

  it.each(UPSTREAM_ROWS.filter((r) => !r.differs).map((r) => [r.row, r] as const))(
    "row %i gives upstream's arguments",
    (_n, row) => {
      expect(ourArgs(row)).toEqual(row.expected);
    },
  );

  it('row 10: a malformed secret line fails naming secrets, and never echoes a value', () => {
    const row = UPSTREAM_ROWS.find((r) => r.row === 10)!;
    expect(() => ourArgs(row)).toThrow(
      /^input "secrets": a line is not id=value \(value: "\(hidden: it may hold a secret\)"\)/,
    );
    expect(() => ourArgs(row)).not.toThrow(/bbbbbbb|aaaaaaaa/);
  });
});
