import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import YAML from 'yaml';
// @ts-expect-error: a plain .mjs script without type declarations
import { publishActionYaml } from '../../../scripts/publish-action.mjs';

const root = join(import.meta.dirname, '../../..');

test("the root action.yml is the generated union of the steps' action.yml files (npm run docs)", () => {
  expect(readFileSync(join(root, 'action.yml'), 'utf8')).toBe(publishActionYaml());
});

test("publish renames meta's context input and keeps every other input name of the steps", () => {
  const publish = YAML.parse(readFileSync(join(root, 'action.yml'), 'utf8'));
  const meta = YAML.parse(readFileSync(join(root, 'actions/meta/action.yml'), 'utf8'));
  const build = YAML.parse(readFileSync(join(root, 'actions/build/action.yml'), 'utf8'));
  expect(publish.inputs['meta-context']).toBeDefined();
  expect(publish.inputs.context.description).toMatch(/^build:/);
  for (const name of [...Object.keys(meta.inputs).filter((n) => n !== 'context'), ...Object.keys(build.inputs)]) {
    expect(publish.inputs[name], name).toBeDefined();
  }
  expect(publish.runs).toEqual({ using: 'node24', main: 'dist/publish/index.js', post: 'dist/publish/post.js' });
});
