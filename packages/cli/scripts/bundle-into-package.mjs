// prepack / postpack of @ghcr-kit/cli. The tarball holds the bundles (dist/) and the action.yml
// files the `run` command reads for input defaults, laid out as in the repository, so the CLI
// finds them the same way in both places and `npm install <tarball>` needs no download.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const pkg = new URL('..', import.meta.url).pathname;
const root = join(pkg, '..', '..');
const copied = ['dist', 'actions', 'action.yml'];

if (process.argv[2] === 'clean') {
  for (const name of copied) rmSync(join(pkg, name), { recursive: true, force: true });
} else {
  if (!existsSync(join(root, 'dist', 'cli', 'index.js')))
    throw new Error('no dist/cli/index.js: run `npm run build` first');
  cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(root, 'action.yml'), join(pkg, 'action.yml'));
  for (const action of readdirSync(join(root, 'actions'))) {
    const file = join(root, 'actions', action, 'action.yml');
    if (!existsSync(file)) continue;
    mkdirSync(join(pkg, 'actions', action), { recursive: true });
    cpSync(file, join(pkg, 'actions', action, 'action.yml'));
  }
}
