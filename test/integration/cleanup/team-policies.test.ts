import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { runCleanup } from '../../../packages/core/src/cleanup/index.ts';
import { headManifest, listTags, RegistryClient } from '../../../packages/core/src/registry/index.ts';
import type { Policy } from '../../../packages/core/src/retention/index.ts';
import { backdate, cleanupDeps, policyFrom } from '../../harness/cleanup-deps.ts';
import { startGhcrSimulator, type GhcrSimulator } from '../../harness/ghcr-simulator.ts';
import { pushMultiArch } from '../../harness/multi-arch-image.ts';
import { startRegistry, type LocalRegistry } from '../../harness/registry.ts';
import { REPO_ROOT } from '../../harness/run-action.ts';
import { pushTinyImage } from '../../harness/tiny-image.ts';

/**
 * The five teams' policies from examples/policies/, each applied by the cleanup to a package of
 * its shape: images pushed through the GHCR simulator into a real registry, then the registry
 * read afterwards (what a `docker pull` would find), not the simulator's bookkeeping.
 */
let registry: LocalRegistry;
let sim: GhcrSimulator;
let counter = 0;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});
afterEach(async () => {
  await sim?.stop();
});

function teamPolicy(file: string): Policy {
  return policyFrom(readFileSync(join(REPO_ROOT, 'examples/policies', file), 'utf8'), 'policy-file');
}

async function setup() {
  sim = await startGhcrSimulator({
    tokens: { admin: { login: 'octocat', canDelete: true } },
    owners: { acme: 'Organization' },
    upstream: registry.host,
  });
  const name = `team${counter++}`;
  const oci = new RegistryClient({ registry: sim.host });
  const repository = `acme/${name}`;
  /** A multi-arch image (index, two platforms, two attestations) pushed `days` ago. */
  const image = async (tag: string | undefined, days: number) => {
    const pushed = await pushMultiArch(oci, repository, tag);
    for (const digest of [pushed.index, ...pushed.children]) backdate(sim, 'acme', name, digest, days);
    return { ...pushed, all: [pushed.index, ...pushed.children] };
  };
  const run = async (policy: Policy, dryRun = false) => {
    return runCleanup({ registry: sim.host, owner: 'acme', packages: [name], policy, dryRun }, cleanupDeps(sim));
  };
  const direct = new RegistryClient({ registry: registry.host });
  const present = async (digests: string[]) =>
    Promise.all(digests.map(async (d) => (await headManifest(direct, repository, d)) !== undefined));
  const tags = async () => (await listTags(direct, repository)).sort();
  return { name, oci, repository, image, run, present, tags };
}

const all = (n: number, value: boolean) => Array<boolean>(n).fill(value);

test('Phialo: untagged versions go after a publish, the 5 newest of them stay, tagged images stay', async () => {
  const { image, run, present, tags } = await setup();
  const latest = await image('latest', 40);
  const release = await image('v1.0.0', 60);
  const loose = [];
  for (let i = 0; i < 8; i++) loose.push(await image(undefined, i + 1));
  const result = await run(teamPolicy('phialo.yml'));
  expect(result.broken).toEqual([]);
  expect(await present([...latest.all, ...release.all])).toEqual(all(10, true));
  expect(await present(loose.slice(0, 5).flatMap((l) => l.all))).toEqual(all(25, true));
  expect(await present(loose.slice(5).flatMap((l) => l.all))).toEqual(all(15, false));
  expect(await tags()).toEqual(['latest', 'v1.0.0']);
});

test('Prism DNS: 10 newest tagged images besides latest, main, develop; signatures go with their image', async () => {
  const { oci, repository, image, run, present, tags } = await setup();
  const protectedImages = [await image('latest', 200), await image('main', 150), await image('develop', 100)];
  const others = [];
  for (let i = 0; i < 14; i++) others.push(await image(`pr-${i}`, i + 1));
  // A cosign signature (sha256-<hex>.sig tag) and a Sigstore bundle referrer on the newest and the oldest preview.
  const signatures = [];
  for (const target of [others[0]!, others[13]!]) {
    const subject = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: target.index, size: 1 };
    const sig = await pushTinyImage(oci, repository, {
      tag: `${target.index.replace(':', '-')}.sig`,
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
    });
    const bundle = await pushTinyImage(oci, repository, {
      subject,
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    });
    signatures.push([sig.digest, bundle.digest]);
  }
  const policy = teamPolicy('prism-dns.yml');

  const dry = await run(policy, true);
  expect(dry.deleted).toEqual([]);
  expect(dry.file.packages[0]!.plan.totals.deleted).toBe(4 * 5 + 2);
  expect(dry.file.packages[0]!.plan.warnings).toEqual([]);

  const result = await run(policy);
  expect(result.broken).toEqual([]);
  expect(await present(protectedImages.flatMap((p) => p.all))).toEqual(all(15, true));
  expect(await present(others.slice(0, 10).flatMap((o) => o.all))).toEqual(all(50, true));
  expect(await present(others.slice(10).flatMap((o) => o.all))).toEqual(all(20, false));
  expect(await present(signatures[0]!)).toEqual([true, true]);
  expect(await present(signatures[1]!)).toEqual([false, false]);
  expect(await tags()).toEqual(
    [
      'develop',
      'latest',
      'main',
      ...others.slice(0, 10).map((_, i) => `pr-${i}`),
      `${others[0]!.index.replace(':', '-')}.sig`,
    ].sort(),
  );
});

test('Raqeem: releases forever, main builds 90 days, pull requests 7 days', async () => {
  const { image, run, present, tags } = await setup();
  const kept = [
    await image('v1.2.3', 400),
    await image('1.2', 380),
    await image('main', 1),
    await image('main-abc1234', 30),
    await image('pr-2', 3),
    await image('latest', 500),
  ];
  const gone = [await image('main-def5678', 100), await image('pr-1', 8)];
  const result = await run(teamPolicy('raqeem.yml'));
  expect(result.broken).toEqual([]);
  expect(await present(kept.flatMap((k) => k.all))).toEqual(all(30, true));
  expect(await present(gone.flatMap((g) => g.all))).toEqual(all(10, false));
  expect(await tags()).toEqual(['1.2', 'latest', 'main', 'main-abc1234', 'pr-2', 'v1.2.3']);
});

test('ghcommon: the 10 newest tagged images stay, older ones and loose untagged images go', async () => {
  const { image, run, present, tags } = await setup();
  const tagged = [];
  for (let i = 0; i < 12; i++) tagged.push(await image(`v0.${i}.0`, 12 - i));
  const loose = await image(undefined, 30);
  const result = await run(teamPolicy('ghcommon.yml'));
  expect(result.broken).toEqual([]);
  expect(await present(tagged.slice(2).flatMap((t) => t.all))).toEqual(all(50, true));
  expect(await present([...tagged.slice(0, 2).flatMap((t) => t.all), ...loose.all])).toEqual(all(15, false));
  expect(await tags()).toEqual(
    tagged
      .slice(2)
      .map((_, i) => `v0.${i + 2}.0`)
      .sort(),
  );
});

test("the example workflows use the teams' policies as the files state them", () => {
  const inline = (file: string) => {
    const text = readFileSync(join(REPO_ROOT, 'examples', file), 'utf8');
    const block = /policy: \|\n((?: {8}.*\n)+)/.exec(text)![1]!.replace(/^ {8}/gm, '');
    return policyFrom(block);
  };
  expect(inline('publish-then-cleanup.yml')).toEqual(teamPolicy('phialo.yml'));
  expect(inline('org-release-with-retention.yml')).toEqual(teamPolicy('ghcommon.yml'));
  expect(readFileSync(join(REPO_ROOT, 'examples/cleanup-weekly-keep-10.yml'), 'utf8')).toMatch(
    /cron: '0 2 \* \* 0'[\s\S]*dry-run:[\s\S]*policy-file:/,
  );
});
