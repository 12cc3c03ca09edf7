#!/usr/bin/env node
// The CLI is one esbuild bundle that runs the action bundles beside it. In the repository that is
// the committed dist/ at the root; `npm pack` copies dist/ and the action.yml files into this
// package (scripts/bundle-into-package.mjs), so an installed tarball carries its own and needs
// nothing from a registry.
import { existsSync } from 'node:fs';

const packed = new URL('../dist/cli/index.js', import.meta.url);
await import(existsSync(packed) ? packed.href : new URL('../../../dist/cli/index.js', import.meta.url).href);
