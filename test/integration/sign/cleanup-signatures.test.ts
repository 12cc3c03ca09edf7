import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestIdToken, resolveSigstoreInstance, signImages } from '../../../packages/core/src/attest/index.ts';
import { runCleanup } from '../../../packages/core/src/cleanup/index.ts';
import { createGitHubClient, PackagesClient } from '../../../packages/core/src/ghcr/index.ts';
import { headManifest, listTags, RegistryClient } from '../../../packages/core/src/registry/index.ts';
import { parsePolicyYaml, type ManifestNode } from '../../../packages/core/src/retention/index.ts';
import { CLAIMS, ENV } from '../../fixtures/actions-claims.ts';
import { startGhcrSimulator, type GhcrSimulator } from '../../harness/ghcr-simulator.ts';
import { pushMultiArch } from '../../harness/multi-arch-image.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { startSigstore, type LocalSigstore } from '../../harness/sigstore.ts';

// Cleanup keeps an image's signatures (both storage forms) while the image lives, and deletes
// them with it: the signatures come from the sign step itself, through the GHCR simulator.
let registry: LocalRegistry;
let sigstore: LocalSigstore;
let sim: GhcrSimulator;

beforeAll(async () => {
  [registry, sigstore] = await Promise.all([
    startRegistry(),
    startSigstore({ claims: { ...CLAIMS } as Record<string, string> }),
  ]);
  sim = await startGhcrSimulator({
    tokens: { admin: { login: 'octocat', canDelete: true } },
    owners: { acme: 'Organization' },
    upstream: registry.host,
    workflowRuns: [],
  });
});
afterAll(async () => {
  await Promise.all([sim?.stop(), registry?.stop(), sigstore?.stop()]);
});

test('a kept image keeps its signatures; a deleted one takes its signatures along', async () => {
  const repository = 'acme/signed';
  const oci = new RegistryClient({ registry: sim.host });
  const latest = await pushMultiArch(oci, repository, 'latest');
  const preview = await pushMultiArch(oci, repository, 'pr-1');
  const { token } = await requestIdToken({
    ...ENV,
    ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.requestToken,
  });
  const instance = resolveSigstoreInstance({ choice: 'custom', fulcioUrl: sigstore.url, rekorUrl: sigstore.url });
  for (const format of ['bundle', 'sig-tag'] as const) {
    await signImages({
      images: [latest.index, preview.index].map((digest) => ({ registry: sim.host, repository, digest })),
      format,
      perPlatform: true,
      instance,
      identityToken: token,
      outDir: mkdtempSync(join(tmpdir(), 'sign-cleanup-')),
      clientFor: () => oci,
      log: () => {},
    });
  }
  const before = sim.versions('acme', 'signed').map((v) => v.digest);
  const old = new Date(Date.now() - 30 * 86_400_000).toISOString();
  // Everything of the preview is old; `latest` is protected.
  const previewTags = (await listTags(oci, repository)).filter((t) =>
    [preview.index, ...preview.children].some((d) => t.startsWith(d.replace(':', '-'))),
  );
  expect(previewTags.filter((t) => t.endsWith('.sig'))).toHaveLength(3);
  for (const version of sim.versions('acme', 'signed')) version.createdAt = version.updatedAt = old;

  const parsed = parsePolicyYaml(
    "protect-tags: [latest]\nrules: [{ name: previews, tags: ['pr-*'], older-than: 7 days }]\nuntagged: delete",
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const { octokit, budget } = createGitHubClient({
    token: 'admin',
    baseUrl: sim.url,
    retryAfterScale: 10,
    writeSpacingMs: 0,
  });
  const result = await runCleanup(
    { registry: sim.host, owner: 'acme', packages: ['signed'], policy: parsed.policy, dryRun: false },
    {
      packagesClient: new PackagesClient(octokit, budget),
      registryClient: oci,
      log: { info: () => {}, warning: () => {} },
      now: new Date(),
      manifestCache: new Map<string, ManifestNode>(),
    },
  );
  expect(result.broken).toEqual([]);

  const check = new RegistryClient({ registry: registry.host });
  const tags = await listTags(check, repository);
  // latest's index and its two platforms: a .sig tag and a referrers tag each, still there.
  for (const digest of [latest.index, latest.children[0]!, latest.children[2]!]) {
    expect(tags).toContain(`${digest.replace(':', '-')}.sig`);
    expect(tags).toContain(digest.replace(':', '-'));
    expect(await headManifest(check, repository, `${digest.replace(':', '-')}.sig`)).toBeDefined();
  }
  // The preview's signatures went with it: no tag of it is left, and fewer versions than before.
  expect(tags.filter((t) => previewTags.includes(t))).toEqual([]);
  expect(await headManifest(check, repository, preview.index)).toBeUndefined();
  // The index, 2 platforms and 2 attestation manifests, and for each of the 3 signed digests a
  // .sig manifest, a bundle referrer and its referrers-tag index.
  expect(result.deleted).toHaveLength(5 + 3 * 3);
  expect(sim.versions('acme', 'signed')).toHaveLength(before.length - 14);
});
