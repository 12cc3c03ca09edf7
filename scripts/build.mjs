// Bundles every action (and the CLI) into dist/<name>/ with esbuild, for Node 24.
// The output is deterministic so that CI can compare a fresh build with the committed dist/.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// @actions/core imports its HTTP client (and undici) only for OIDC tokens. Declaring those
// modules free of side effects lets esbuild drop them from bundles that never ask for a
// token, which keeps `meta` a few kilobytes instead of 400.
const sideEffectFree = {
  name: 'side-effect-free-http',
  setup(b) {
    b.onResolve({ filter: /^(@actions\/http-client|undici|tunnel)(\/.*)?$/ }, async (args) => {
      if (args.pluginData) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: true });
      return { ...resolved, sideEffects: false };
    });
  },
};

// See scripts/shims/random-uuid.mjs: @actions/core's only use of `crypto`.
const coreRandomUuid = {
  name: 'actions-core-random-uuid',
  setup(b) {
    b.onResolve({ filter: /^crypto$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]/.test(args.importer)
        ? { path: new URL('./shims/random-uuid.mjs', import.meta.url).pathname }
        : undefined,
    );
  },
};

// minipass-fetch (under @sigstore/sign's HTTP client) requires iconv-lite inside a try, only
// for Body.textConverted(), which nothing here calls; without it the require throws and is
// caught, as when the optional package is not installed. That is 480 KB of attest and publish.
const optionalIconv = {
  name: 'minipass-fetch-without-iconv',
  setup(b) {
    b.onResolve({ filter: /^iconv-lite$/ }, (args) =>
      /[\\/]minipass-fetch[\\/]/.test(args.importer) ? { path: 'iconv-lite', namespace: 'left-out' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: "throw new Error('iconv-lite is left out of this bundle (scripts/build.mjs)');",
      loader: 'js',
    }));
  },
};

// The kit only uploads workflow artifacts. @actions/artifact's client class also holds
// download, list, get and delete, which bring @actions/github, Octokit, unzip-stream and its
// es-abstract polyfills; those four modules are replaced by stubs that throw if ever called.
const artifactUploadOnly = {
  name: 'artifact-upload-only',
  setup(b) {
    const leftOut = /^\.\/(download\/download-artifact|delete\/delete-artifact|find\/(get|list)-artifacts?)\.js$/;
    b.onResolve({ filter: leftOut }, (args) =>
      /[\\/]@actions[\\/]artifact[\\/]lib[\\/]internal[\\/]client\.js$/.test(args.importer)
        ? { path: args.path, namespace: 'artifact-left-out' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'artifact-left-out' }, (args) => {
      const names = {
        './download/download-artifact.js': ['downloadArtifactPublic', 'downloadArtifactInternal'],
        './delete/delete-artifact.js': ['deleteArtifactPublic', 'deleteArtifactInternal'],
        './find/get-artifact.js': ['getArtifactPublic', 'getArtifactInternal'],
        './find/list-artifacts.js': ['listArtifactsPublic', 'listArtifactsInternal'],
      }[args.path];
      const stub = (name) => `export async function ${name}() { throw new Error('${name} is not bundled'); }`;
      return { contents: names.map(stub).join('\n'), loader: 'js' };
    });
  },
};

const root = new URL('..', import.meta.url).pathname;
const entries = [];
for (const name of readdirSync(join(root, 'actions')).sort()) {
  for (const file of ['main', 'post']) {
    const src = join(root, 'actions', name, 'src', `${file}.ts`);
    if (existsSync(src)) entries.push({ src, out: join('dist', name, file === 'main' ? 'index.js' : 'post.js') });
  }
}
// The root action (publish) lives in publish/src, beside actions/ rather than in it.
for (const file of ['main', 'post']) {
  entries.push({
    src: join(root, 'publish', 'src', `${file}.ts`),
    out: join('dist', 'publish', file === 'main' ? 'index.js' : 'post.js'),
  });
}
entries.push({ src: join(root, 'packages/cli/src/main.ts'), out: join('dist', 'cli', 'index.js') });

// `--outdir DIR` builds elsewhere, so a test can compare a fresh build with the committed dist/.
const flag = process.argv.indexOf('--outdir');
const outRoot = flag > 0 ? process.argv[flag + 1] : root;
const distDir = join(outRoot, 'dist');
// `--metafile DIR` also writes esbuild's metafile per bundle there (scripts/bundle-weights.mjs reads them).
const metaFlag = process.argv.indexOf('--metafile');
const metaDir = metaFlag > 0 ? process.argv[metaFlag + 1] : undefined;
if (metaDir) mkdirSync(metaDir, { recursive: true });
rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
// The bundles are ES modules; this keeps them so wherever the action is checked out.
writeFileSync(join(distDir, 'package.json'), '{ "type": "module" }\n');

await Promise.all(
  entries.map(async ({ src, out }) => {
    const result = await build({
      entryPoints: [src],
      outfile: join(outRoot, out),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [sideEffectFree, coreRandomUuid, optionalIconv, artifactUploadOnly],
      // Some CommonJS dependencies call require() on Node built-ins.
      banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
      metafile: Boolean(metaDir),
    });
    const metaName = `${out.replace(/^dist\//, '').replace(/[\\/]/g, '-')}.json`;
    if (metaDir) writeFileSync(join(metaDir, metaName), JSON.stringify(result.metafile));
  }),
);
