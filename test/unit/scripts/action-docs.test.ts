import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, typed by use here.
import { actionReadmes, END, renderReadme, START } from '../../../scripts/action-docs.mjs';

interface Readme {
  name: string;
  current: string | undefined;
  expected: string;
}

describe('actions/<name>/README.md', () => {
  it.each((actionReadmes() as Readme[]).map((r) => [r.name, r] as const))(
    '%s: the tables match action.yml',
    (name, readme) => {
      expect(readme.current, `actions/${name}/README.md is missing: run npm run docs`).toBeDefined();
      expect(
        readme.current === readme.expected,
        `actions/${name}/README.md is stale: run npm run docs and commit it`,
      ).toBe(true);
    },
  );
});

describe('renderReadme', () => {
  const yml = [
    'name: demo',
    'description: A demo.',
    'inputs:',
    '  token:',
    "    description: 'A | pipe,\n      and a second line.'",
    '    default: ${{ github.token }}',
    '  mode:',
    '    description: How.',
    '    required: true',
    'outputs:',
    '  digest:',
    '    description: The digest.',
    'runs: { using: node24, main: index.js }',
  ].join('\n');

  it('keeps the hand-written text around the markers and replaces only the tables', () => {
    const readme = `# demo\n\nA worked example.\n\n${START}\nold table\n${END}\n\n## Notes\n\nKept.\n`;
    const out = renderReadme(yml, readme) as string;
    expect(out.startsWith('# demo\n\nA worked example.\n\n')).toBe(true);
    expect(out.endsWith(`${END}\n\n## Notes\n\nKept.\n`)).toBe(true);
    expect(out).not.toContain('old table');
    expect(out).toContain('| `token` | `${{ github.token }}` | A \\| pipe, and a second line. |');
    expect(out).toContain('| `mode` | *required* | How. |');
    expect(out).toContain('| `digest` | The digest. |');
    expect(renderReadme(yml, out)).toBe(out);
  });

  it('starts a README for a new action with its name and description', () => {
    const out = renderReadme(yml, undefined) as string;
    expect(out.startsWith('# demo\n\nA demo.\n\n')).toBe(true);
    expect(out).toContain(START);
  });
});
