import fc from 'fast-check';
import { expect, test } from 'vitest';
import { planRetention } from '../../../packages/core/src/retention/plan-retention.ts';
import type { Plan } from '../../../packages/core/src/retention/plan.ts';
import type { Policy, RetentionRule } from '../../../packages/core/src/retention/policy.ts';
import type { ManifestGraph } from '../../../packages/core/src/retention/manifest-graph.ts';
import type { PackageVersion } from '../../../packages/core/src/ghcr/package-version.ts';
import { NOW, RepositoryBuilder } from '../../fixtures/retention/repository-builder.ts';

/**
 * Random repositories (multi-arch images with attestations, OCI referrers, sha256-<hex> tagged
 * signatures, nested indexes, children shared between images, the odd unreadable manifest) and
 * random policies. Whatever the policy, a plan must never break a kept image.
 */
const DAY = 86_400_000;
const TAGS = [
  'latest',
  'main',
  'develop',
  'v1.0.0',
  'v1.2.3',
  '1.0',
  'main-abc',
  'sha-123',
  'pr-1',
  'pr-2',
  'feature-x',
  'nightly',
];

const imageSpec = fc.record({
  shape: fc.constantFrom('single', 'multi-arch', 'nested'),
  platforms: fc.integer({ min: 1, max: 3 }),
  attestations: fc.boolean(),
  tags: fc.subarray(TAGS, { maxLength: 3 }),
  ageDays: fc.integer({ min: 0, max: 400 }),
  signature: fc.constantFrom('none', 'tag', 'subject'),
  /** Index into earlier children to reuse one (shared children); -1 for none. */
  share: fc.integer({ min: -1, max: 20 }),
  unreadable: fc.integer({ min: 0, max: 30 }).map((n) => n === 0),
});

const retention = fc.oneof(
  fc.constant({ kind: 'forever' as const }),
  fc
    .integer({ min: 0, max: 200 })
    .map((days) => ({ kind: 'older-than' as const, ms: days * DAY, text: `${days} days` })),
);
const rule = fc.record({
  name: fc.string({ minLength: 1, maxLength: 5 }),
  tags: fc.subarray(['*', 'pr-*', 'main*', 'v*', 'sha-*', '?.?', 'latest'], { maxLength: 2 }),
  regex: fc.option(fc.constantFrom('^v?[0-9]+\\.[0-9]+\\.[0-9]+$', '^pr-\\d+$', '^main'), { nil: undefined }),
  keep: retention,
});
const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    protectTags: fc.subarray(['latest', 'main', 'v*', 'develop'], { maxLength: 2 }),
    rules: fc.array(rule, { maxLength: 4 }),
    keepNTagged: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    untagged: fc.oneof(
      fc.constant({ kind: 'keep' as const }),
      fc.constant({ kind: 'delete' as const }),
      fc
        .integer({ min: 0, max: 100 })
        .map((days) => ({ kind: 'older-than' as const, ms: days * DAY, text: `${days} days` })),
    ),
    keepNUntagged: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  })
  .map(({ rules, keepNTagged, keepNUntagged, ...rest }) => ({
    ...rest,
    rules: rules.map((r, i): RetentionRule => ({
      name: `${r.name}${i}`,
      tags: r.tags,
      ...(r.regex && { tagsRegex: r.regex }),
      keep: r.keep,
    })),
    ...(keepNTagged !== undefined && { keepNTagged }),
    ...(keepNUntagged !== undefined && { keepNUntagged }),
  }));

type ImageSpec = typeof imageSpec extends fc.Arbitrary<infer T> ? T : never;

function buildRepository(specs: ImageSpec[]) {
  const repo = new RepositoryBuilder();
  const pool: string[] = [];
  for (const spec of specs) {
    const options = { tags: spec.tags, ageDays: spec.ageDays, unreadable: spec.unreadable };
    let top: string;
    if (spec.shape === 'single') {
      top = repo.manifest({ ...options, blobs: [{ digest: repo.digest(), size: 10 }] });
    } else {
      const base = repo.multiArch(spec.platforms, {
        ageDays: spec.ageDays,
        attestations: spec.attestations,
        listed: false,
        tags: [],
      });
      // The index multiArch made stays unlisted; the listed one adds a shared child and the options.
      const children = [...base.children];
      if (spec.share >= 0 && spec.share < pool.length) children.push(pool[spec.share]!);
      pool.push(...base.children);
      top =
        spec.shape === 'nested'
          ? repo.index([repo.index(children, { ageDays: spec.ageDays })], options)
          : repo.index(children, options);
    }
    if (spec.signature === 'tag') repo.signatureTag(top, { ageDays: spec.ageDays });
    if (spec.signature === 'subject') repo.manifest({ subject: top, ageDays: spec.ageDays });
  }
  return repo.build();
}

/** The test's own notion of what keeping a version requires (independent of the planner's index). */
function requiredBy(digest: string, versions: PackageVersion[], graph: ManifestGraph): string[] {
  const hex = digest.slice('sha256:'.length);
  return [
    ...(graph.get(digest)?.children ?? []),
    ...[...graph.values()].filter((node) => node.subject === digest).map((node) => node.digest),
    ...versions
      .filter((v) => v.tags.some((tag) => tag === `sha256-${hex}` || tag.startsWith(`sha256-${hex}.`)))
      .map((v) => v.digest),
  ];
}

/** The roots and everything they require, by the test's own notion of requiring. */
function closure(roots: string[], versions: PackageVersion[], graph: ManifestGraph): Set<string> {
  const reach = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const digest = stack.pop()!;
    if (reach.has(digest)) continue;
    reach.add(digest);
    stack.push(...requiredBy(digest, versions, graph));
  }
  return reach;
}

/** The test's own glob reading: * any run, ? one character, the rest literal. */
function glob(pattern: string): RegExp {
  const literal = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${literal.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function tagIsDue(tag: string, version: PackageVersion, policy: Policy): boolean {
  if (policy.protectTags.some((g) => glob(g).test(tag))) return false;
  const rule = policy.rules.find(
    (r) => r.tags.some((g) => glob(g).test(tag)) || (r.tagsRegex !== undefined && new RegExp(r.tagsRegex).test(tag)),
  );
  if (!rule) return policy.rules.length === 0 && policy.keepNTagged !== undefined;
  if (rule.keep.kind === 'forever') return false;
  return NOW.getTime() - Date.parse(version.updatedAt) >= rule.keep.ms;
}

const runs = { numRuns: 300 };

test('no kept image loses anything it reaches, and nothing deleted is reachable from a kept version', () => {
  fc.assert(
    fc.property(fc.array(imageSpec, { minLength: 1, maxLength: 12 }), policyArb, (specs, policy) => {
      const { versions, graph } = buildRepository(specs);
      const plan = planRetention(versions, graph, policy, NOW);
      const kept = new Set(plan.versions.filter((v) => v.action === 'keep').map((v) => v.digest));
      const listed = new Set(versions.map((v) => v.digest));
      for (const digest of kept) {
        for (const needed of requiredBy(digest, versions, graph)) {
          if (listed.has(needed)) expect(kept.has(needed), `${digest} needs ${needed}`).toBe(true);
        }
      }
    }),
    runs,
  );
});

test('every kept tag still resolves to a complete image after the plan is applied', () => {
  fc.assert(
    fc.property(fc.array(imageSpec, { minLength: 1, maxLength: 12 }), policyArb, (specs, policy) => {
      const { versions, graph } = buildRepository(specs);
      const plan = planRetention(versions, graph, policy, NOW);
      const before = new Set(versions.map((v) => v.digest));
      const after = new Set(plan.versions.filter((v) => v.action === 'keep').map((v) => v.digest));
      for (const version of plan.versions.filter((v) => v.action === 'keep' && v.tags.length)) {
        const stack = [version.digest];
        const seen = new Set<string>();
        while (stack.length) {
          const digest = stack.pop()!;
          if (seen.has(digest)) continue;
          seen.add(digest);
          if (before.has(digest)) expect(after.has(digest), `tag ${version.tags[0]} lost ${digest}`).toBe(true);
          stack.push(...(graph.get(digest)?.children ?? []));
        }
      }
    }),
    runs,
  );
});

test('a version with a tag that is not due is never deleted, and a plan reasons about every version', () => {
  fc.assert(
    fc.property(fc.array(imageSpec, { minLength: 1, maxLength: 12 }), policyArb, (specs, policy) => {
      const { versions, graph } = buildRepository(specs);
      const plan: Plan = planRetention(versions, graph, policy, NOW);
      expect(plan.versions).toHaveLength(versions.length);
      for (const [i, version] of versions.entries()) {
        const planned = plan.versions[i]!;
        expect(planned.reasons.length).toBeGreaterThan(0);
        const ordinary = version.tags.filter((tag) => !tag.startsWith('sha256-'));
        if (ordinary.some((tag) => !tagIsDue(tag, version, policy))) expect(planned.action).toBe('keep');
      }
      expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    }),
    runs,
  );
});

test('when a kept manifest cannot be read, nothing is deleted', () => {
  fc.assert(
    fc.property(fc.array(imageSpec, { minLength: 1, maxLength: 12 }), policyArb, (specs, policy) => {
      const { versions, graph } = buildRepository(specs);
      const plan = planRetention(versions, graph, policy, NOW);
      const keptUnreadable = plan.versions.some((v) => v.action === 'keep' && !graph.has(v.digest));
      if (keptUnreadable) expect(plan.totals.deleted).toBe(0);
    }),
    runs,
  );
});

test('with a delete-everything policy, only what protected tags reach survives', () => {
  fc.assert(
    fc.property(fc.array(imageSpec, { minLength: 1, maxLength: 12 }), (specs) => {
      const { versions, graph } = buildRepository(specs);
      const policy: Policy = {
        protectTags: ['latest'],
        rules: [{ name: 'all', tags: ['*'], keep: { kind: 'older-than', ms: 0, text: '0s' } }],
        untagged: { kind: 'delete' },
      };
      const plan = planRetention(versions, graph, policy, NOW);
      if (versions.some((v) => !graph.has(v.digest))) return;
      const reach = closure(
        versions.filter((v) => v.tags.includes('latest')).map((v) => v.digest),
        versions,
        graph,
      );
      for (const planned of plan.versions) expect(planned.action).toBe(reach.has(planned.digest) ? 'keep' : 'delete');
    }),
    runs,
  );
});

/** Protected images, plus the N newest other tagged images, plus the M newest top-level untagged ones. */
function keepNRoots(
  versions: PackageVersion[],
  graph: ManifestGraph,
  protect: string[],
  n: number,
  m: number,
): string[] {
  const newest = (a: PackageVersion, b: PackageVersion) =>
    Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id;
  const ordinary = (v: PackageVersion) => v.tags.filter((tag) => !tag.startsWith('sha256-'));
  const isProtected = (v: PackageVersion) => ordinary(v).some((tag) => protect.some((g) => glob(g).test(tag)));
  const listedChildren = new Set(versions.flatMap((v) => graph.get(v.digest)?.children ?? []));
  const tagged = versions.filter((v) => ordinary(v).length > 0);
  const others = tagged
    .filter((v) => !isProtected(v))
    .sort(newest)
    .slice(0, n);
  const topUntagged = versions.filter(
    (v) => v.tags.length === 0 && !listedChildren.has(v.digest) && !graph.get(v.digest)?.subject,
  );
  return [...tagged.filter(isProtected), ...others, ...[...topUntagged].sort(newest).slice(0, m)].map((v) => v.digest);
}

test('keep-n: exactly the protected images, N newest others, M newest untagged and what they reach remain', () => {
  const readable = imageSpec.map((spec) => ({ ...spec, unreadable: false }));
  fc.assert(
    fc.property(
      fc.array(readable, { minLength: 1, maxLength: 14 }),
      fc.subarray(['latest', 'main', 'develop', 'v*'], { maxLength: 3 }),
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 0, max: 3 }),
      (specs, protectTags, n, m) => {
        const { versions, graph } = buildRepository(specs);
        const policy: Policy = {
          protectTags,
          rules: [],
          keepNTagged: n,
          untagged: { kind: 'delete' },
          keepNUntagged: m,
        };
        const plan = planRetention(versions, graph, policy, NOW);
        const expected = closure(keepNRoots(versions, graph, protectTags, n, m), versions, graph);
        for (const planned of plan.versions)
          expect(planned.action, `${planned.tags.join(',') || planned.digest}`).toBe(
            expected.has(planned.digest) ? 'keep' : 'delete',
          );
      },
    ),
    runs,
  );
});
