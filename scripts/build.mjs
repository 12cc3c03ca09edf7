// Bundles every action (and the CLI) into dist/<name>/ with esbuild, for Node 24.
// The output is deterministic so that CI can compare a fresh build with the committed dist/.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const entries = [];
for (const name of readdirSync(join(root, 'actions')).sort()) {
  for (const file of ['main', 'post']) {
    const src = join(root, 'actions', name, 'src', `${file}.ts`);
    if (existsSync(src)) entries.push({ src, out: join('dist', name, file === 'main' ? 'index.js' : 'post.js') });
  }
}
entries.push({ src: join(root, 'packages/cli/src/main.ts'), out: 'dist/cli/index.js' });

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });
// The bundles are ES modules; this keeps them so wherever the action is checked out.
writeFileSync(join(root, 'dist/package.json'), '{ "type": "module" }\n');

await Promise.all(
  entries.map(({ src, out }) =>
    build({
      entryPoints: [src],
      outfile: join(root, out),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      // Some CommonJS dependencies call require() on Node built-ins.
      banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    }),
  ),
);
