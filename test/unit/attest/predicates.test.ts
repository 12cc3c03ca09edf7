import { describe, expect, test } from 'vitest';
import {
  buildProvenance,
  buildStatement,
  checkPredicateSize,
  customPredicate,
  decodeActionsClaims,
  sbomPredicate,
  CYCLONEDX_PREDICATE,
  IN_TOTO_STATEMENT_V1,
  SLSA_PROVENANCE_V1,
} from '../../../packages/core/src/attest/index.ts';
import { CLAIMS, ENV, unsignedJwt } from '../../fixtures/actions-claims.ts';

describe('SLSA v1 provenance', () => {
  test('every field comes from the token; the workflow splits into path and ref', () => {
    const predicate = buildProvenance(CLAIMS, ENV);
    expect(predicate.type).toBe(SLSA_PROVENANCE_V1);
    expect(predicate.body).toMatchObject({
      buildDefinition: {
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        externalParameters: {
          workflow: {
            ref: 'refs/heads/main',
            repository: 'https://github.com/octo-org/app',
            path: '.github/workflows/release.yml',
          },
        },
        internalParameters: {
          github: {
            event_name: 'push',
            repository_id: '101',
            repository_owner_id: '202',
            runner_environment: 'github-hosted',
          },
        },
        resolvedDependencies: [
          { uri: 'git+https://github.com/octo-org/app@refs/heads/main', digest: { gitCommit: 'a'.repeat(40) } },
        ],
      },
      runDetails: {
        builder: { id: 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/heads/main' },
        metadata: { invocationId: 'https://github.com/octo-org/app/actions/runs/42/attempts/1' },
      },
    });
  });

  test('a tag holding "@" stays whole', () => {
    const claims = {
      ...CLAIMS,
      ref: 'refs/tags/@scope/pkg@1.0.0',
      workflow_ref: 'octo-org/app/.github/workflows/release.yml@refs/tags/@scope/pkg@1.0.0',
    };
    const body = buildProvenance(claims, { ...ENV, GITHUB_REF: claims.ref, GITHUB_WORKFLOW_REF: claims.workflow_ref })
      .body as any;
    expect(body.buildDefinition.externalParameters.workflow.ref).toBe('refs/tags/@scope/pkg@1.0.0');
  });

  test.each([
    ['GITHUB_SHA', 'b'.repeat(40), /GITHUB_SHA=b+ but the OIDC token says sha=a+/],
    ['GITHUB_REPOSITORY', 'evil/app', /GITHUB_REPOSITORY=evil\/app but the OIDC token says repository=octo-org\/app/],
    ['GITHUB_RUN_ID', '43', /GITHUB_RUN_ID=43/],
    ['GITHUB_REF', 'refs/heads/other', /GITHUB_REF=refs\/heads\/other/],
  ])('%s disagreeing with the token fails', (variable, value, message) => {
    expect(() => buildProvenance(CLAIMS, { ...ENV, [variable]: value })).toThrow(message);
  });

  test('token claims are decoded and checked', () => {
    expect(decodeActionsClaims(unsignedJwt(CLAIMS)).run_id).toBe('42');
    const { sha: _sha, ...partial } = CLAIMS;
    expect(() => decodeActionsClaims(unsignedJwt(partial))).toThrow(
      /lacks the GitHub Actions claims provenance needs \(sha\)/,
    );
    expect(() => decodeActionsClaims('garbage')).toThrow(/not a JWT/);
  });
});

describe('SBOM typing', () => {
  test.each([
    ['SPDX 2.3', { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT' }, 'https://spdx.dev/Document/v2.3'],
    ['SPDX 2.2', { spdxVersion: 'SPDX-2.2', SPDXID: 'SPDXRef-DOCUMENT' }, 'https://spdx.dev/Document/v2.2'],
    [
      'CycloneDX',
      { bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79' },
      CYCLONEDX_PREDICATE,
    ],
  ])('%s', (_, doc, type) => {
    expect(sbomPredicate(JSON.stringify(doc), 'sbom.json')).toEqual({ type, body: doc });
  });
  test('CycloneDX without serialNumber names the file and the field', () => {
    expect(() =>
      sbomPredicate(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6' }), 'out/sbom.cdx.json'),
    ).toThrow(/input "sbom-path": is a CycloneDX SBOM without "serialNumber" \(value: "out\/sbom.cdx.json"\)/);
  });
  test.each([
    ['not JSON', 'nope', /is not a JSON SBOM/],
    ['neither format', '{"name":"x"}', /neither SPDX.*nor CycloneDX/],
    ['odd SPDX version', '{"spdxVersion":"2.3","SPDXID":"x"}', /not SPDX-<major>.<minor>/],
  ])('%s is refused', (_, text, message) => {
    expect(() => sbomPredicate(text, 'sbom.json')).toThrow(message);
  });
});

describe('custom predicates and size', () => {
  test('type must be a URI, body a JSON object', () => {
    expect(customPredicate('https://example.com/release/v1', '{"a":1}', 'predicate')).toEqual({
      type: 'https://example.com/release/v1',
      body: { a: 1 },
    });
    expect(() => customPredicate('release', '{}', 'predicate')).toThrow(/input "predicate-type": is not a URI/);
    expect(() => customPredicate('https://x/y', '[1]', 'predicate')).toThrow(/is not a JSON object/);
    expect(() => customPredicate('https://x/y', '{', 'predicate-path', 'p.json')).toThrow(
      /input "predicate-path": is not JSON/,
    );
  });
  test('over 16 MiB is refused before signing, naming the largest parts', () => {
    const files = Array.from({ length: 180_000 }, (_, i) => ({
      fileName: `/usr/lib/file-${i}.so`,
      checksums: [{ algorithm: 'SHA256', checksumValue: 'f'.repeat(64) }],
    }));
    const predicate = {
      type: 'https://spdx.dev/Document/v2.3',
      body: { spdxVersion: 'SPDX-2.3', packages: [], files },
    };
    expect(() => checkPredicateSize(predicate, 'sbom.json')).toThrow(
      /from sbom.json is \d+\.\d MiB.*largest parts: "files" .*SPDX "files"/,
    );
    expect(() => checkPredicateSize({ type: 't:x', body: { a: 1 } }, 'x')).not.toThrow();
  });
});

test('one statement holds every subject', () => {
  const subjects = [
    { name: 'ghcr.io/o/a', digest: { sha256: 'a'.repeat(64) } },
    { name: 'docker.io/o/a', digest: { sha256: 'a'.repeat(64) } },
  ];
  expect(buildStatement(subjects, { type: 't:x', body: { k: 1 } })).toEqual({
    _type: IN_TOTO_STATEMENT_V1,
    subject: subjects,
    predicateType: 't:x',
    predicate: { k: 1 },
  });
});
