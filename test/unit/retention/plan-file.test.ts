import { expect, test } from 'vitest';
import { deletionOrder } from '../../../packages/core/src/retention/deletion-order.ts';
import { parsePlanFile, planStillApplies } from '../../../packages/core/src/retention/plan-file.ts';
import { planRetention } from '../../../packages/core/src/retention/plan-retention.ts';
import type { Policy } from '../../../packages/core/src/retention/policy.ts';
import { NOW, RepositoryBuilder } from '../../fixtures/retention/repository-builder.ts';

const DELETE_UNTAGGED: Policy = { protectTags: [], rules: [], untagged: { kind: 'delete' } };

test('deletion order: an index before its children, nested indexes outermost first, subjects before referrers', () => {
  const repo = new RepositoryBuilder();
  const leaf = repo.manifest({ ageDays: 5 });
  const inner = repo.index([leaf], { ageDays: 5 });
  const outer = repo.index([inner], { ageDays: 5 });
  const sig = repo.signatureTag(outer, { ageDays: 5 });
  const { versions, graph } = repo.build();
  const plan = planRetention(versions, graph, DELETE_UNTAGGED, NOW);
  const order = deletionOrder(
    plan.versions.filter((v) => v.action === 'delete'),
    versions,
    graph,
  ).map((v) => v.digest);
  expect(order.indexOf(outer)).toBeLessThan(order.indexOf(inner));
  expect(order.indexOf(inner)).toBeLessThan(order.indexOf(leaf));
  expect(order.indexOf(outer)).toBeLessThan(order.indexOf(sig));
  expect(order).toHaveLength(4);
});

test('a plan file round-trips and refuses other shapes', () => {
  const repo = new RepositoryBuilder();
  repo.manifest({ ageDays: 5 });
  const { versions, graph } = repo.build();
  const plan = planRetention(versions, graph, DELETE_UNTAGGED, NOW);
  const file = {
    schemaVersion: 1,
    registry: 'ghcr.io',
    packages: [{ owner: 'acme', ownerKind: 'org', name: 'app', plan }],
  };
  expect(parsePlanFile(JSON.stringify(file))).toEqual({ ok: true, file });
  expect(parsePlanFile('{').ok).toBe(false);
  expect(parsePlanFile(JSON.stringify({ ...file, schemaVersion: 2 })).ok).toBe(false);
});

test('a saved plan stops applying when a deleted version gains a tag or a new image reaches it', () => {
  const repo = new RepositoryBuilder();
  const child = repo.manifest({ ageDays: 5 });
  const { versions, graph } = repo.build();
  const plan = planRetention(versions, graph, DELETE_UNTAGGED, NOW);
  expect(planStillApplies(plan, versions, graph)).toEqual([]);

  const retagged = versions.map((v) => ({ ...v, tags: ['v1'] }));
  expect(planStillApplies(plan, retagged, graph)[0]).toContain('now has tags');

  const later = new RepositoryBuilder();
  later.manifest({ ageDays: 5 });
  const index = later.index([child], { tags: ['latest'] });
  const { versions: grown, graph: grownGraph } = later.build();
  expect(grown.some((v) => v.digest === index)).toBe(true);
  expect(planStillApplies(plan, grown, grownGraph).join()).toContain('is now reached');
});
