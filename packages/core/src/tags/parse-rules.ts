import { InputError } from '../errors/index.ts';
import { contentLines, splitField, splitFields } from './csv-fields.ts';
import { checkTemplateOf, GLOBAL_EXPRESSIONS } from './expressions.ts';
import { compileMatchPattern } from './match-pattern.ts';
import { PEP440_EXPRESSIONS } from './pep440-tags.ts';
import { SEMVER_EXPRESSIONS } from './semver-tags.ts';
import type { RefEvent, ShaFormat, TagRule, TagType } from './types.ts';

// Upstream's defaults: https://github.com/docker/metadata-action#tags-input
export const DEFAULT_PRIORITIES: Record<TagType, number> = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100,
};

/** What upstream generates when the `tags` input is empty. */
export const DEFAULT_TAG_RULES = ['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr'];

const COMMON = ['type', 'enable', 'priority', 'prefix', 'suffix'];
// Upstream silently ignores attributes a type does not use; we name them, since a typo
// there (`type=sha,lenght=12`) otherwise ships the wrong tag without a word.
const ATTRIBUTES: Record<TagType, string[]> = {
  schedule: [...COMMON, 'pattern'],
  semver: [...COMMON, 'pattern', 'value', 'match'],
  pep440: [...COMMON, 'pattern', 'value', 'match'],
  match: [...COMMON, 'pattern', 'group', 'value'],
  edge: [...COMMON, 'branch'],
  ref: [...COMMON, 'event'],
  raw: [...COMMON, 'value'],
  sha: [...COMMON, 'format'],
};
const TYPES = Object.keys(DEFAULT_PRIORITIES) as TagType[];
const REF_EVENTS: RefEvent[] = ['branch', 'tag', 'pr'];
const SHA_FORMATS: ShaFormat[] = ['short', 'long'];

/**
 * One rule per line (`type=…,attr=…`, or a bare value meaning `type=raw`). Empty input gives
 * upstream's defaults.
 */
export function parseTagRules(text: string): TagRule[] {
  const lines = contentLines(text);
  return (lines.length > 0 ? lines : DEFAULT_TAG_RULES).map(parseTagRule);
}

export function parseTagRule(line: string): TagRule {
  const fail = (problem: string, fix: string): never => {
    throw new InputError('tags', line, problem, fix);
  };
  const fields = splitFields(line);
  if (fields instanceof Error)
    fail(
      `the line is not valid CSV (${fields.message})`,
      'Wrap a whole field in double quotes, e.g. "pattern=\\d{1,3}", and close the quote.',
    );

  const attrs: Record<string, string> = {};
  for (const field of fields as string[]) {
    if (field.trim() === '') continue;
    const { key, value } = splitField(field);
    const name = key ?? 'value';
    if (name === '') fail(`the field "${field}" has no attribute name`, 'Write attributes as name=value.');
    if (name in attrs) fail(`the attribute "${name}" is given twice`, `Keep one ${name}= per line.`);
    attrs[name] = value;
  }

  const typeName = attrs.type ?? 'raw';
  if (!TYPES.includes(typeName as TagType)) {
    fail(`unknown tag type "${typeName}"`, `Use one of: ${TYPES.join(', ')}.`);
  }
  const type = typeName as TagType;
  for (const name of Object.keys(attrs)) {
    if (!ATTRIBUTES[type].includes(name)) {
      fail(
        `type=${type} has no attribute "${name}"`,
        `Attributes of type=${type}: ${ATTRIBUTES[type].filter((a) => a !== 'type').join(', ')}.`,
      );
    }
  }

  const enable = attrs.enable ?? 'true';
  if (!enable.includes('{{') && enable !== 'true' && enable !== 'false') {
    fail(
      `enable must be true or false, not "${enable}"`,
      'Write enable=true, enable=false, or an expression such as enable={{is_default_branch}}.',
    );
  }
  let priority = DEFAULT_PRIORITIES[type];
  if (attrs.priority !== undefined) {
    if (!/^-?\d+$/.test(attrs.priority))
      fail(
        `priority must be a whole number, not "${attrs.priority}"`,
        `Write e.g. priority=${DEFAULT_PRIORITIES[type]} (higher comes first).`,
      );
    priority = Number(attrs.priority);
  }

  const rule: TagRule = {
    line,
    type,
    enable,
    priority,
    value: attrs.value ?? '',
    pattern: attrs.pattern ?? '',
    match: attrs.match ?? '',
    group: 0,
    branch: attrs.branch ?? '',
    format: 'short',
  };
  if (attrs.prefix !== undefined) rule.prefix = attrs.prefix;
  if (attrs.suffix !== undefined) rule.suffix = attrs.suffix;

  switch (type) {
    case 'schedule':
      if (attrs.pattern === undefined) rule.pattern = 'nightly';
      break;
    case 'semver':
    case 'pep440':
      if (!attrs.pattern)
        fail(`type=${type} needs a pattern`, `Add e.g. pattern={{version}} or pattern={{major}}.{{minor}}.`);
      if (rule.match !== '') {
        const compiled = compileMatchPattern(rule.match);
        if (compiled instanceof Error)
          fail(
            `match= is not a valid regular expression (${compiled.message})`,
            'Fix the regular expression; wrap the field in double quotes if it holds a comma.',
          );
      }
      break;
    case 'match': {
      if (!attrs.pattern)
        fail('type=match needs a pattern', 'Add a regular expression, e.g. pattern=v(\\d.\\d.\\d),group=1.');
      const compiled = compileMatchPattern(rule.pattern);
      if (compiled instanceof Error)
        fail(
          `the pattern is not a valid regular expression (${compiled.message})`,
          'Fix the regular expression; wrap the field in double quotes if it holds a comma.',
        );
      if (attrs.group !== undefined) {
        if (!/^\d+$/.test(attrs.group))
          fail(
            `group must be a capture group number, not "${attrs.group}"`,
            'Write e.g. group=1 (0 is the whole match).',
          );
        rule.group = Number(attrs.group);
      }
      break;
    }
    case 'ref': {
      const event = attrs.event;
      if (event === undefined) fail('type=ref needs an event', 'Add event=branch, event=tag or event=pr.');
      if (!REF_EVENTS.includes(event as RefEvent))
        fail(`unknown ref event "${event}"`, 'Use event=branch, event=tag or event=pr.');
      rule.event = event as RefEvent;
      if (rule.event === 'pr' && rule.prefix === undefined) rule.prefix = 'pr-';
      break;
    }
    case 'raw':
      if (attrs.value === undefined) fail('type=raw needs a value', 'Add value=…, e.g. type=raw,value=latest.');
      break;
    case 'sha':
      if (rule.prefix === undefined) rule.prefix = 'sha-';
      if (attrs.format !== undefined) {
        if (!SHA_FORMATS.includes(attrs.format as ShaFormat))
          fail(`unknown sha format "${attrs.format}"`, 'Use format=short or format=long.');
        rule.format = attrs.format as ShaFormat;
      }
      break;
    case 'edge':
      break;
  }
  checkTemplates(rule);
  return rule;
}

// What each type's pattern may use beside the global expressions (semver's and pep440's
// version parts); a type absent here has no rendered pattern.
const PATTERN_EXPRESSIONS: Partial<Record<TagType, readonly string[]>> = {
  schedule: [],
  semver: SEMVER_EXPRESSIONS,
  pep440: PEP440_EXPRESSIONS,
};

/** Every template of the rule uses expressions that exist where it is rendered. */
function checkTemplates(rule: TagRule): void {
  // type=match's pattern is a regular expression, never rendered.
  const pattern = PATTERN_EXPRESSIONS[rule.type];
  const templates: Array<[string, string | undefined, readonly string[]]> = [
    ['enable', rule.enable, GLOBAL_EXPRESSIONS],
    ['prefix', rule.prefix, GLOBAL_EXPRESSIONS],
    ['suffix', rule.suffix, GLOBAL_EXPRESSIONS],
    ['value', rule.value, GLOBAL_EXPRESSIONS],
    ['pattern', pattern && rule.pattern, [...GLOBAL_EXPRESSIONS, ...(pattern ?? [])]],
  ];
  for (const [attribute, template, names] of templates) {
    if (template) checkTemplateOf('tags', rule.line, template, names, attribute);
  }
}

/** Highest priority first; equal priorities keep the order written (Array.prototype.sort is stable). */
export function sortByPriority(rules: TagRule[]): TagRule[] {
  return [...rules].sort((a, b) => b.priority - a.priority);
}
