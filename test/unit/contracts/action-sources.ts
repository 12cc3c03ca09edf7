import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../../..');

/** One action as the runner sees it: its action.yml, and the source files its bundles are built from. */
export interface ActionUnderTest {
  /** `meta`, `build`, …; `publish` for the root action.yml. */
  name: string;
  /** Path of action.yml, relative to the repository root. */
  file: string;
  /** Where the runner resolves `runs.main` from. */
  dir: string;
  /** The entry points (main.ts, post.ts) or [] when none were found. */
  entries: string[];
}

/**
 * Every action in the repository, found from the tree: `actions/<name>/action.yml` and the root
 * `action.yml`. New actions take part as soon as their folder lands, with no list to update.
 */
export function discoverActions(): ActionUnderTest[] {
  const found: ActionUnderTest[] = [];
  for (const name of readdirSync(join(ROOT, 'actions')).sort()) {
    const file = join('actions', name, 'action.yml');
    if (!existsSync(join(ROOT, file))) continue;
    const src = join(ROOT, 'actions', name, 'src');
    const entries = existsSync(src)
      ? readdirSync(src)
          .filter((f) => /^(main|post)\.ts$/.test(f))
          .map((f) => join(src, f))
      : [];
    found.push({ name, file, dir: join(ROOT, 'actions', name), entries });
  }
  if (existsSync(join(ROOT, 'action.yml'))) {
    // The root action bundles to dist/publish/ from publish/src/ (scripts/build.mjs).
    const entries = ['publish/src/main.ts', 'publish/src/post.ts']
      .map((p) => join(ROOT, p))
      .filter((p) => existsSync(p));
    found.push({ name: 'publish', file: 'action.yml', dir: ROOT, entries });
  }
  return found;
}

/**
 * The TypeScript files an entry point can run: the entry, its relative imports and the
 * `@ghcr-kit/core/<domain>` (and `steps/<action>`) modules it imports, transitively. A superset of what the bundle
 * holds (esbuild drops unused exports), which is the safe side for "is this input read".
 */
export function sourceClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      const spec = match[1]!;
      const core = /^@ghcr-kit\/core\/([\w-]+(?:\/[\w-]+)*)$/.exec(spec);
      if (core) queue.push(join(ROOT, 'packages/core/src', core[1]!, 'index.ts'));
      else if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
    }
  }
  return [...seen].sort();
}

export interface NameUse {
  name: string;
  /** file:line, relative to the repository root. */
  where: string;
}

export interface SourceFacts {
  inputs: NameUse[];
  outputs: NameUse[];
  /** Calls that read an input or write an output under a computed name. */
  computedInputs: string[];
  computedOutputs: string[];
}

type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;

/**
 * Finds the input names a set of files reads and the output names it writes, by their syntax
 * tree rather than by a fixed list of helper names. The only roots are `getInput(name)` and a
 * parameter typed `ReadInput` (how core modules receive the shell's getInput); any function
 * that passes one of its own parameters on to a reader becomes a reader for that argument
 * position (`input`, `booleanInput`, `bool(read, name)`, `list(name, …)`, …), until nothing
 * changes. A string literal in a reader's name position is an input the action reads.
 */
export function scanSources(files: string[]): SourceFacts {
  const parsed = files.map((file) => ({
    file,
    sf: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
  }));
  // reader name -> argument positions holding the input name
  const readers = new Map<string, Set<number>>([['getInput', new Set([0])]]);
  const add = (name: string, index: number) => {
    const set = readers.get(name) ?? new Set<number>();
    const grew = !set.has(index);
    set.add(index);
    readers.set(name, set);
    return grew;
  };

  for (const { sf } of parsed) {
    walk(sf, (node) => {
      if (ts.isParameter(node) && node.type && /\bReadInput\b/.test(node.type.getText()) && ts.isIdentifier(node.name))
        add(node.name.text, 0);
    });
  }

  const functions: Array<{ name: string; fn: FunctionLike }> = [];
  for (const { sf } of parsed) {
    walk(sf, (node) => {
      if (ts.isFunctionDeclaration(node) && node.name) functions.push({ name: node.name.text, fn: node });
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer &&
        (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
      ) {
        functions.push({ name: node.name.text, fn: node.initializer });
      }
    });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const { name, fn } of functions) {
      const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
      walk(fn, (node) => {
        if (!ts.isCallExpression(node)) return;
        for (const index of readers.get(calleeName(node)) ?? []) {
          const arg = node.arguments[index];
          if (arg && ts.isIdentifier(arg) && params.includes(arg.text) && add(name, params.indexOf(arg.text)))
            changed = true;
        }
      });
    }
  }

  const facts: SourceFacts = { inputs: [], outputs: [], computedInputs: [], computedOutputs: [] };
  for (const { file, sf } of parsed) {
    const where = (node: ts.Node) =>
      `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    walk(sf, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = calleeName(node);
      for (const index of readers.get(callee) ?? []) {
        const arg = node.arguments[index];
        if (!arg) continue;
        if (isStringLiteral(arg)) facts.inputs.push({ name: arg.text, where: where(node) });
        else if (!forwardsParameter(node, arg))
          facts.computedInputs.push(`${where(node)}: ${node.getText().slice(0, 80)}`);
      }
      if (callee === 'setOutput' && node.arguments[0]) {
        const arg = node.arguments[0];
        if (isStringLiteral(arg)) facts.outputs.push({ name: arg.text, where: where(node) });
        else facts.computedOutputs.push(`${where(node)}: ${node.getText().slice(0, 80)}`);
      }
    });
  }
  return facts;
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** `input(…)` → input; `core.getInput(…)` → getInput; anything else → ''. */
function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  // Only the @actions/core methods count through a property access: `reader.read()` on a
  // stream is not an input.
  if (ts.isPropertyAccessExpression(callee) && /^(getInput|setOutput)$/.test(callee.name.text)) return callee.name.text;
  return '';
}

function isStringLiteral(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** True when the argument is a parameter of an enclosing function: a reader passing its name on. */
function forwardsParameter(call: ts.Node, arg: ts.Node): boolean {
  if (!ts.isIdentifier(arg)) return false;
  for (let node: ts.Node | undefined = call.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === arg.text))
      return true;
  }
  return false;
}
