import { describe, expect, test } from 'vitest';
import { planRetention } from '../../../packages/core/src/retention/plan-retention.ts';
import type { Plan } from '../../../packages/core/src/retention/plan.ts';
import type { Policy } from '../../../packages/core/src/retention/policy.ts';
import { NOW, RepositoryBuilder } from '../../fixtures/retention/repository-builder.ts';

const DAY = 86_400_000;
const KEEP_ALL: Policy = { protectTags: [], rules: [], untagged: { kind: 'keep' } };
const days = (n: number) => ({ kind: 'older-than' as const, ms: n * DAY, text: `${n} days` });

function plan(repo: RepositoryBuilder, policy: Partial<Policy>): Plan {
  const { versions, graph } = repo.build();
  return planRetention(versions, graph, { ...KEEP_ALL, ...policy }, NOW);
}
function actionOf(result: Plan, digest: string): string {
  return result.versions.find((version) => version.digest === digest)!.action;
}
function codesOf(result: Plan, digest: string): string[] {
  return result.versions.find((version) => version.digest === digest)!.reasons.map((reason) => reason.code);
}

describe('tag rules', () => {
  test('a tag takes the first rule that matches it', () => {
    const repo = new RepositoryBuilder();
    const image = repo.manifest({ tags: ['pr-1'], ageDays: 10 });
    const result = plan(repo, {
      rules: [
        { name: 'forever', tags: ['pr-*'], keep: { kind: 'forever' } },
        { name: 'week', tags: ['pr-*'], keep: days(7) },
      ],
    });
    expect(actionOf(result, image)).toBe('keep');
    expect(result.versions[0]!.reasons[0]).toMatchObject({ code: 'rule-forever', rule: 'forever', tag: 'pr-1' });
  });

  test.each([
    [6, 'keep', 'rule-not-due'],
    [8, 'delete', 'rule-due'],
  ])('older-than 7 days, image %d days old → %s', (age, action, code) => {
    const repo = new RepositoryBuilder();
    const image = repo.manifest({ tags: ['pr-1'], ageDays: age });
    const result = plan(repo, { rules: [{ name: 'previews', tags: ['pr-*'], keep: days(7) }] });
    expect(actionOf(result, image)).toBe(action);
    expect(codesOf(result, image)).toEqual([code]);
  });

  test('tags-regex matches', () => {
    const repo = new RepositoryBuilder();
    const release = repo.manifest({ tags: ['v1.2.3'], ageDays: 900 });
    const other = repo.manifest({ tags: ['v1.2.3-rc1'], ageDays: 900 });
    const result = plan(repo, {
      rules: [
        { name: 'releases', tags: [], tagsRegex: '^v?[0-9]+\\.[0-9]+\\.[0-9]+$', keep: { kind: 'forever' } },
        { name: 'rest', tags: ['*'], keep: days(1) },
      ],
    });
    expect(actionOf(result, release)).toBe('keep');
    expect(actionOf(result, other)).toBe('delete');
  });

  test('a tag no rule matches keeps its image', () => {
    const repo = new RepositoryBuilder();
    const image = repo.manifest({ tags: ['feature-x'], ageDays: 1000 });
    const result = plan(repo, { rules: [{ name: 'previews', tags: ['pr-*'], keep: days(7) }] });
    expect(codesOf(result, image)).toEqual(['no-rule']);
  });

  test('an image with several tags stays until its longest retention has passed', () => {
    const repo = new RepositoryBuilder();
    const image = repo.manifest({ tags: ['pr-1', 'main-abc'], ageDays: 30 });
    const rules = [
      { name: 'previews', tags: ['pr-*'], keep: days(7) },
      { name: 'branches', tags: ['main-*'], keep: days(90) },
    ];
    expect(actionOf(plan(repo, { rules }), image)).toBe('keep');
    const old = new RepositoryBuilder();
    const due = old.manifest({ tags: ['pr-1', 'main-abc'], ageDays: 100 });
    const result = plan(old, { rules });
    expect(actionOf(result, due)).toBe('delete');
    expect(codesOf(result, due)).toEqual(['rule-due', 'rule-due']);
  });

  test('protect-tags wins over every rule', () => {
    const repo = new RepositoryBuilder();
    const image = repo.manifest({ tags: ['latest', 'pr-1'], ageDays: 100 });
    const result = plan(repo, { protectTags: ['latest'], rules: [{ name: 'all', tags: ['*'], keep: days(1) }] });
    expect(codesOf(result, image)).toEqual(['protected']);
  });

  test('keep-n-tagged holds the newest N (by created_at) of the images the rules would delete', () => {
    const repo = new RepositoryBuilder();
    const ages = [50, 10, 30, 20];
    const images = ages.map((age, i) => repo.manifest({ tags: [`pr-${i}`], ageDays: age }));
    const result = plan(repo, { rules: [{ name: 'all', tags: ['*'], keep: days(1) }], keepNTagged: 2 });
    expect(images.map((image) => actionOf(result, image))).toEqual(['delete', 'keep', 'delete', 'keep']);
    expect(codesOf(result, images[1]!)).toEqual(['rule-due', 'keep-n-tagged']);
  });

  test('keep-n-tagged counts N besides the protected images (the migrating user of exclude-tags)', () => {
    const repo = new RepositoryBuilder();
    const protectedImages = ['latest', 'main', 'develop'].map((tag, i) => repo.manifest({ tags: [tag], ageDays: i }));
    const others = [5, 6, 7, 8].map((age, i) => repo.manifest({ tags: [`pr-${i}`], ageDays: age }));
    const result = plan(repo, { protectTags: ['latest', 'main', 'develop'], keepNTagged: 2 });
    expect(protectedImages.map((image) => actionOf(result, image))).toEqual(['keep', 'keep', 'keep']);
    expect(others.map((image) => actionOf(result, image))).toEqual(['keep', 'keep', 'delete', 'delete']);
    expect(codesOf(result, others[2]!)).toEqual(['keep-n-exceeded']);
  });

  test('keep-n-tagged beside rules counts only the images a rule makes due', () => {
    const repo = new RepositoryBuilder();
    const young = repo.manifest({ tags: ['pr-young'], ageDays: 1 });
    const old = [10, 20, 30].map((age, i) => repo.manifest({ tags: [`pr-${i}`], ageDays: age }));
    const release = repo.manifest({ tags: ['v1.0.0'], ageDays: 400 });
    const result = plan(repo, { rules: [{ name: 'previews', tags: ['pr-*'], keep: days(7) }], keepNTagged: 1 });
    expect(actionOf(result, young)).toBe('keep');
    expect(old.map((image) => actionOf(result, image))).toEqual(['keep', 'delete', 'delete']);
    expect(codesOf(result, release)).toEqual(['no-rule']);
  });

  test('newest means created_at: a re-tag (updated_at) does not make an old image newer', () => {
    const repo = new RepositoryBuilder();
    const old = repo.manifest({ tags: ['pr-1'], ageDays: 30 });
    const recent = repo.manifest({ tags: ['pr-2'], ageDays: 2 });
    const { versions, graph } = repo.build();
    versions.find((v) => v.digest === old)!.updatedAt = NOW.toISOString();
    const result = planRetention(versions, graph, { ...KEEP_ALL, keepNTagged: 1 }, NOW);
    expect([actionOf(result, old), actionOf(result, recent)]).toEqual(['delete', 'keep']);
  });

  test('signatures, attestations and index children never count toward N', () => {
    const repo = new RepositoryBuilder();
    const older = repo.multiArch(2, { tags: ['pr-1'], ageDays: 9, attestations: true });
    const newer = repo.multiArch(2, { tags: ['pr-2'], ageDays: 1, attestations: true });
    const signature = repo.signatureTag(newer.index, { ageDays: 0 });
    const result = plan(repo, { keepNTagged: 1 });
    expect([newer.index, ...newer.children, signature].map((d) => actionOf(result, d))).toEqual(Array(6).fill('keep'));
    expect([older.index, ...older.children].map((d) => actionOf(result, d))).toEqual(Array(5).fill('delete'));
  });
});

describe('signatures', () => {
  test('cosign .sig tags and Sigstore bundle referrers stay while their image lives, and go with it', () => {
    const repo = new RepositoryBuilder();
    const kept = repo.multiArch(2, { tags: ['v1.0.0'], ageDays: 30, attestations: true });
    const gone = repo.multiArch(2, { tags: ['pr-7'], ageDays: 30, attestations: true });
    // A .sig tag, a bundle referring to the image, and a bundle referring to the .sig.
    const signatures = (image: string) => {
      const sig = repo.signatureTag(image, { ageDays: 0 });
      return [sig, repo.sigstoreBundle(image, { ageDays: 0 }), repo.sigstoreBundle(sig, { ageDays: 0 })];
    };
    const keptSignatures = signatures(kept.index);
    const goneSignatures = signatures(gone.index);
    const result = plan(repo, {
      rules: [
        { name: 'releases', tags: ['v*'], keep: { kind: 'forever' } },
        { name: 'previews', tags: ['pr-*'], keep: days(7) },
      ],
      untagged: { kind: 'delete' },
    });
    expect(keptSignatures.map((d) => actionOf(result, d))).toEqual(['keep', 'keep', 'keep']);
    expect(keptSignatures.map((d) => codesOf(result, d))).toEqual([['reachable'], ['reachable'], ['reachable']]);
    expect(goneSignatures.map((d) => actionOf(result, d))).toEqual(['delete', 'delete', 'delete']);
    expect(codesOf(result, goneSignatures[0]!)).toEqual(['subject-deleted']);
  });
});

describe('policies that delete nothing as written', () => {
  test.each<[string, Partial<Policy>, RegExp]>([
    ['an empty policy', {}, /deletes nothing: it has no rules and no keep-n-tagged/],
    ["protect-tags '*'", { protectTags: ['*'], keepNTagged: 1 }, /'\*', which protects every tag/],
    [
      'rules that keep forever',
      { rules: [{ name: 'all', tags: ['*'], keep: { kind: 'forever' } }] },
      /no rule has older-than/,
    ],
  ])('%s warns and says why', (_name, policy, warning) => {
    const repo = new RepositoryBuilder();
    repo.manifest({ tags: ['pr-1'], ageDays: 100 });
    repo.manifest({ tags: ['pr-2'], ageDays: 100 });
    const result = plan(repo, policy);
    expect(result.totals.deleted).toBe(0);
    expect(result.warnings.join('\n')).toMatch(warning);
  });

  test('a rule after one matching every tag never applies, and the plan says so', () => {
    const repo = new RepositoryBuilder();
    repo.manifest({ tags: ['pr-1'], ageDays: 100 });
    const result = plan(repo, {
      rules: [
        { name: 'all', tags: ['*'], keep: days(1) },
        { name: 'previews', tags: ['pr-*'], keep: days(7) },
      ],
    });
    expect(result.warnings).toContainEqual(expect.stringMatching(/rule previews never applies: rule all before it/));
  });

  test('a policy with nothing due yet does not warn', () => {
    const repo = new RepositoryBuilder();
    repo.manifest({ tags: ['pr-1'], ageDays: 1 });
    const result = plan(repo, { rules: [{ name: 'previews', tags: ['pr-*'], keep: days(7) }] });
    expect(result.totals.deleted).toBe(0);
    expect(result.warnings).toEqual([]);
  });
});

describe('untagged images', () => {
  test.each([
    [{ kind: 'keep' as const }, 5, 'keep'],
    [{ kind: 'delete' as const }, 0, 'delete'],
    [days(1), 0.5, 'keep'],
    [days(1), 2, 'delete'],
  ])('untagged %j, %d days old → %s', (untagged, age, action) => {
    const repo = new RepositoryBuilder();
    const image = repo.manifest({ ageDays: age });
    expect(actionOf(plan(repo, { untagged }), image)).toBe(action);
  });

  test('keep-n-untagged holds the newest N top-level untagged images', () => {
    const repo = new RepositoryBuilder();
    const images = [3, 1, 2].map((age) => repo.manifest({ ageDays: age }));
    const result = plan(repo, { untagged: { kind: 'delete' }, keepNUntagged: 1 });
    expect(images.map((image) => actionOf(result, image))).toEqual(['delete', 'keep', 'delete']);
  });

  test('children of a tagged index are not untagged images: the index keeps them', () => {
    const repo = new RepositoryBuilder();
    const { index, children } = repo.multiArch(2, { tags: ['latest'], attestations: true });
    const result = plan(repo, { untagged: { kind: 'delete' } });
    expect(actionOf(result, index)).toBe('keep');
    for (const child of children) {
      expect(actionOf(result, child)).toBe('keep');
      expect(codesOf(result, child)).toEqual(['reachable']);
    }
  });

  test('an untagged index kept by age keeps its children; deleted, it takes them along', () => {
    const young = new RepositoryBuilder();
    const kept = young.multiArch(2, { ageDays: 0 });
    const youngPlan = plan(young, { untagged: days(1) });
    expect(kept.children.map((child) => actionOf(youngPlan, child))).toEqual(['keep', 'keep']);

    const old = new RepositoryBuilder();
    const gone = old.multiArch(2, { ageDays: 5 });
    const oldPlan = plan(old, { untagged: days(1) });
    expect(actionOf(oldPlan, gone.index)).toBe('delete');
    expect(gone.children.map((child) => codesOf(oldPlan, child))).toEqual([['parent-deleted'], ['parent-deleted']]);
  });
});

describe('reachability', () => {
  test('nested indexes are followed to the bottom', () => {
    const repo = new RepositoryBuilder();
    const leaf = repo.manifest({ ageDays: 100 });
    const inner = repo.index([leaf], { ageDays: 100 });
    const outer = repo.index([inner], { tags: ['latest'], ageDays: 100 });
    const result = plan(repo, { untagged: { kind: 'delete' } });
    expect([outer, inner, leaf].map((d) => actionOf(result, d))).toEqual(['keep', 'keep', 'keep']);
  });

  test('a child shared by a kept and a deleted index stays', () => {
    const repo = new RepositoryBuilder();
    const shared = repo.manifest({ ageDays: 100 });
    const own = repo.manifest({ ageDays: 100 });
    const old = repo.index([shared, own], { tags: ['pr-1'], ageDays: 100 });
    const current = repo.index([shared], { tags: ['latest'], ageDays: 1 });
    const result = plan(repo, {
      protectTags: ['latest'],
      rules: [{ name: 'prs', tags: ['pr-*'], keep: days(7) }],
      untagged: { kind: 'delete' },
    });
    expect(actionOf(result, old)).toBe('delete');
    expect(actionOf(result, own)).toBe('delete');
    expect(actionOf(result, shared)).toBe('keep');
    expect(actionOf(result, current)).toBe('keep');
  });

  test('OCI subject referrers and sha256-<hex> tagged signatures live and die with their subject', () => {
    const repo = new RepositoryBuilder();
    const kept = repo.manifest({ tags: ['latest'], ageDays: 100 });
    const keptSbom = repo.manifest({ subject: kept, ageDays: 100 });
    const keptSig = repo.signatureTag(kept, { ageDays: 100 });
    const gone = repo.manifest({ tags: ['pr-1'], ageDays: 100 });
    const goneSbom = repo.manifest({ subject: gone, ageDays: 100 });
    const goneSig = repo.signatureTag(gone, { ageDays: 100 });
    const orphan = repo.signatureTag(repo.digest(), { ageDays: 100 });
    const result = plan(repo, {
      protectTags: ['latest'],
      rules: [{ name: 'prs', tags: ['pr-*'], keep: days(7) }],
      untagged: { kind: 'keep' },
    });
    expect([kept, keptSbom, keptSig].map((d) => actionOf(result, d))).toEqual(['keep', 'keep', 'keep']);
    expect([gone, goneSbom, goneSig, orphan].map((d) => actionOf(result, d))).toEqual([
      'delete',
      'delete',
      'delete',
      'delete',
    ]);
    expect(codesOf(result, goneSig)).toEqual(['subject-deleted']);
    expect(codesOf(result, orphan)).toEqual(['subject-missing']);
  });

  test('a sha256-<hex> tag is never a root, even under a catch-all keep', () => {
    const repo = new RepositoryBuilder();
    const sig = repo.signatureTag(repo.digest(), { ageDays: 1 });
    const result = plan(repo, { rules: [{ name: 'all', tags: ['*'], keep: { kind: 'forever' } }] });
    expect(actionOf(result, sig)).toBe('delete');
  });

  test('referrers of a kept referrer are kept (signature of an attestation)', () => {
    const repo = new RepositoryBuilder();
    const image = repo.manifest({ tags: ['latest'] });
    const attestation = repo.manifest({ subject: image });
    const signature = repo.manifest({ subject: attestation });
    const result = plan(repo, { untagged: { kind: 'delete' } });
    expect(actionOf(result, signature)).toBe('keep');
  });
});

describe('what cannot be read is not deleted', () => {
  test('an unreadable candidate is kept', () => {
    const repo = new RepositoryBuilder();
    const ghost = repo.manifest({ unreadable: true, ageDays: 100 });
    const result = plan(repo, { untagged: { kind: 'delete' } });
    expect(codesOf(result, ghost)).toEqual(['manifest-unknown']);
    expect(result.warnings.join('\n')).toContain('could not be read');
  });

  test('an unreadable kept image blocks every deletion', () => {
    const repo = new RepositoryBuilder();
    repo.manifest({ tags: ['latest'], unreadable: true });
    const loose = repo.manifest({ ageDays: 100 });
    const result = plan(repo, { untagged: { kind: 'delete' } });
    expect(codesOf(result, loose)).toEqual(['graph-incomplete']);
    expect(result.totals.deleted).toBe(0);
  });

  test('an image listing a manifest that is not in the package is reported as already incomplete', () => {
    const repo = new RepositoryBuilder();
    const missing = repo.manifest({ listed: false });
    repo.index([missing], { tags: ['latest'] });
    expect(plan(repo, {}).warnings[0]).toContain('already incomplete');
  });
});

test('the plan is JSON with a schema version, totals and freed bytes', () => {
  const repo = new RepositoryBuilder();
  const shared = { digest: repo.digest(), size: 7 };
  repo.manifest({ tags: ['latest'], blobs: [shared] });
  repo.manifest({ ageDays: 5, blobs: [shared, { digest: repo.digest(), size: 100 }] });
  const result = plan(repo, { untagged: { kind: 'delete' } });
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  expect(result.schemaVersion).toBe(1);
  expect(result.totals).toEqual({ kept: 1, deleted: 1, freedBytes: 500 + 100 });
});
