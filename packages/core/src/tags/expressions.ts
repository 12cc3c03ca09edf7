import { InputError } from '../errors/index.ts';
import { formatDate } from './date-format.ts';
import { ExpressionError } from './expression-error.ts';
import {
  baseRef,
  branchName,
  commitSha,
  isDefaultBranch,
  isPrerelease,
  shortSha,
  tagName,
  tagPrerelease,
} from './ref-facts.ts';
import type { Context, TagOptions } from './types.ts';

/** One `{{name 'param' key='value'}}` as written. */
export interface Expression {
  source: string;
  name: string;
  /**
   * Quoted parameters as text. An unquoted word (`{{date YYYYMMDD}}`) is, to handlebars, a
   * variable of the template's data; upstream passes none, so it is undefined here too.
   */
  params: Array<string | undefined>;
  hash: Record<string, string>;
}

type Piece = string | Expression;
export type Helper = (expression: Expression) => string;
export type Scope = Record<string, Helper>;

/**
 * Parses the handlebars subset upstream's templates use: `{{name}}`, `{{{name}}}`, string
 * parameters in single or double quotes, and `key='value'` pairs. Anything else is an error
 * rather than silently rendering empty, as handlebars would.
 */
export function parseTemplate(template: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      pieces.push(template.slice(i));
      break;
    }
    if (open > i) pieces.push(template.slice(i, open));
    const triple = template.startsWith('{{{', open);
    const closer = triple ? '}}}' : '}}';
    const start = open + (triple ? 3 : 2);
    const close = template.indexOf(closer, start);
    if (close < 0)
      throw new ExpressionError(
        `"${template.slice(open)}" opens an expression that is never closed`,
        'Close it with }}.',
      );
    const source = template.slice(open, close + closer.length);
    pieces.push(parseExpression(template.slice(start, close), source));
    i = close + closer.length;
  }
  return pieces;
}

function parseExpression(body: string, source: string): Expression {
  const tokens = body.match(/[A-Za-z_][\w-]*=(?:'[^']*'|"[^"]*"|[^\s'"]+)|'[^']*'|"[^"]*"|[^\s]+/g) ?? [];
  const [name, ...rest] = tokens;
  if (!name || !/^[A-Za-z_]\w*$/.test(name))
    throw new ExpressionError(`${source} is not an expression`, "Write e.g. {{branch}} or {{date 'YYYYMMDD'}}.");
  const params: Expression['params'] = [];
  const hash: Record<string, string> = {};
  for (const token of rest) {
    const pair = /^([A-Za-z_][\w-]*)=(.*)$/.exec(token);
    if (pair) hash[pair[1] ?? ''] = unquote(pair[2] ?? '', source);
    else params.push(isQuoted(token) ? token.slice(1, -1) : undefined);
  }
  return { source, name, params, hash };
}

function isQuoted(token: string): boolean {
  return token.length >= 2 && /^'.*'$|^".*"$/.test(token);
}

function unquote(token: string, source: string): string {
  if (isQuoted(token)) return token.slice(1, -1);
  throw new ExpressionError(
    `${source}: "${token}" must be quoted`,
    "Quote text arguments, e.g. {{date 'YYYYMMDD' tz='Europe/Paris'}}.",
  );
}

export function renderTemplate(template: string, scope: Scope): string {
  let out = '';
  for (const piece of parseTemplate(template)) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const helper = Object.hasOwn(scope, piece.name) ? scope[piece.name] : undefined;
    if (!helper) throw unknownExpression(piece, Object.keys(scope));
    out += helper(piece);
  }
  return out;
}

/**
 * Checks a template's syntax and expression names without rendering it, so the inputs parser
 * can refuse `{{brnach}}` before the step asks the API for anything.
 */
export function checkTemplate(template: string, names: readonly string[]): void {
  for (const piece of parseTemplate(template)) {
    if (typeof piece !== 'string' && !names.includes(piece.name)) throw unknownExpression(piece, names);
  }
}

/** checkTemplate, blaming the input line the template came from (and its attribute, if any). */
export function checkTemplateOf(
  input: string,
  line: string,
  template: string,
  names: readonly string[],
  attribute?: string,
): void {
  try {
    checkTemplate(template, names);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new InputError(input, line, attribute ? `${attribute}=: ${error.problem}` : error.problem, error.fix);
  }
}

function unknownExpression(piece: Expression, names: readonly string[]): ExpressionError {
  return new ExpressionError(
    `${piece.source} is not a known expression`,
    `Use one of: ${names.map((n) => `{{${n}}}`).join(', ')}.`,
  );
}

/** A helper that takes no arguments. */
export function plain(read: () => string): Helper {
  return (expression) => {
    if (expression.params.length > 0 || Object.keys(expression.hash).length > 0) {
      throw new ExpressionError(`${expression.source} takes no arguments`, `Write {{${expression.name}}}.`);
    }
    return read();
  };
}

function dateHelper(read: () => Date, warn: (message: string) => void): Helper {
  return (expression) => {
    if (expression.params.length > 1)
      throw new ExpressionError(
        `${expression.source} takes one format`,
        "Write e.g. {{date 'YYYYMMDD-HHmmss' tz='UTC'}}.",
      );
    let timeZone = 'UTC';
    for (const [key, value] of Object.entries(expression.hash)) {
      if (key !== 'tz')
        throw new ExpressionError(
          `${expression.source} has an unknown attribute "${key}"`,
          "The only attribute is tz, e.g. tz='Asia/Tokyo'.",
        );
      timeZone = value;
    }
    const [format] = expression.params;
    if (expression.params.length === 1 && format === undefined) {
      warn(
        `${expression.source}: an unquoted format is read as an empty variable, ` +
          'so the default format is used (as docker/metadata-action does); quote the format to apply it',
      );
    }
    return formatDate(read(), format, timeZone);
  };
}

/** The names of the global expressions; globalScope defines exactly these. */
export const GLOBAL_EXPRESSIONS = [
  'branch',
  'tag',
  'sha',
  'base_ref',
  'head_ref',
  'is_default_branch',
  'is_not_default_branch',
  'prerelease',
  'is_prerelease',
  'date',
  'commit_date',
] as const;
type GlobalExpression = (typeof GLOBAL_EXPRESSIONS)[number];

/**
 * The expressions every template may use (upstream's global expressions, and ours). `warn`
 * hears about what renders as upstream renders it but is likely not what was meant.
 */
export function globalScope(context: Context, options: TagOptions, warn: (message: string) => void = () => {}): Scope {
  const scope: Record<GlobalExpression, Helper> = {
    branch: plain(() => branchName(context) ?? ''),
    tag: plain(() => tagName(context) ?? ''),
    sha: plain(() => shortSha(commitSha(context, options), options)),
    base_ref: plain(() => baseRef(context)),
    head_ref: plain(() => context.pullRequest?.headRef ?? ''),
    is_default_branch: plain(() => String(isDefaultBranch(context))),
    is_not_default_branch: plain(() => String(!isDefaultBranch(context))),
    prerelease: plain(() => tagPrerelease(context)),
    is_prerelease: plain(() => String(isPrerelease(context))),
    date: dateHelper(() => context.date, warn),
    // Upstream asks the API when the payload has no commit time and falls back to now; the
    // context's date is our "now".
    commit_date: dateHelper(() => context.commitDate ?? context.date, warn),
  };
  return scope;
}

/**
 * Renders `{{branch}}`, `{{date 'YYYYMMDD'}}` and the other global expressions. Labels use it
 * too, so the input to blame in errors is a parameter.
 */
export function renderGlobalExpressions(
  template: string,
  context: Context,
  options: TagOptions = {},
  input = 'tags',
  warnings: string[] = [],
): string {
  try {
    return renderTemplate(
      template,
      globalScope(context, options, (message) => warnings.push(`${input}: ${message}`)),
    );
  } catch (error) {
    if (error instanceof ExpressionError) throw new InputError(input, template, error.problem, error.fix);
    throw error;
  }
}
