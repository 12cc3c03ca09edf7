import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs build shim without type declarations
import { randomUUID } from '../../../scripts/shims/random-uuid.mjs';

test("the bundles' randomUUID gives distinct RFC 4122 v4 UUIDs, as GITHUB_OUTPUT delimiters need", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const uuid: string = randomUUID();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(uuid);
  }
  expect(seen.size).toBe(1000);
});
