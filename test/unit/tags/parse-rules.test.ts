import { describe, expect, test } from 'vitest';
import { InputError } from '../../../packages/core/src/errors/index.ts';
import { computeTags, parseFlavor, parseTagRules, type TagRule } from '../../../packages/core/src/tags/index.ts';
import { eventContext } from '../events.ts';

describe('parseTagRules', () => {
  test.each<[string, string, Partial<TagRule>]>([
    ['a bare value is type=raw', 'acustomtag', { type: 'raw', value: 'acustomtag', priority: 200, enable: 'true' }],
    ['type=raw with a bare value', 'type=raw,foo', { type: 'raw', value: 'foo' }],
    [
      'schedule defaults to pattern nightly and priority 1000',
      'type=schedule',
      { type: 'schedule', pattern: 'nightly', priority: 1000 },
    ],
    [
      'semver keeps its pattern and priority 900',
      'type=semver,pattern={{version}}',
      { type: 'semver', pattern: '{{version}}', value: '', priority: 900 },
    ],
    ['pep440 priority 900', 'type=pep440,pattern={{version}}', { type: 'pep440', priority: 900 }],
    [
      'match defaults to group 0 and priority 800',
      'type=match,pattern=v(.*)',
      { type: 'match', group: 0, priority: 800 },
    ],
    ['match with a group', 'type=match,pattern=v(.*),group=1', { group: 1 }],
    [
      'edge priority 700 and an empty branch meaning the default branch',
      'type=edge',
      { type: 'edge', branch: '', priority: 700 },
    ],
    ['ref event=pr gets prefix pr-', 'type=ref,event=pr', { type: 'ref', event: 'pr', prefix: 'pr-', priority: 600 }],
    [
      'sha defaults to prefix sha- and format short, priority 100',
      'type=sha',
      { type: 'sha', prefix: 'sha-', format: 'short', priority: 100 },
    ],
    ['an explicit empty prefix is kept (it overrides the flavor)', 'type=sha,prefix=', { prefix: '' }],
    ['priority can be set', 'type=semver,priority=1,pattern={{version}}', { priority: 1 }],
    [
      'keys are case-insensitive and spaces around fields are trimmed',
      ' Type=raw , Value=x ',
      { type: 'raw', value: 'x' },
    ],
    ['a value may hold =', 'type=raw,value=a=b', { value: 'a=b' }],
    ['the line is kept as written for messages', 'type=raw,value=x', { line: 'type=raw,value=x' }],
  ])('%s', (_name, line, expected) => {
    const [rule] = parseTagRules(line);
    expect(rule).toMatchObject(expected);
  });

  test('ref event=branch has no prefix, so the flavor prefix applies', () => {
    const [rule] = parseTagRules('type=ref,event=branch');
    expect(rule?.event).toBe('branch');
    expect(rule && 'prefix' in rule).toBe(false);
  });

  test('one rule per line; comments and blank lines are skipped', () => {
    expect(parseTagRules('# comment\ntype=sha\n\n  \ntype=raw,value=a').map((r) => r.type)).toEqual(['sha', 'raw']);
  });

  test('an empty input gives upstream defaults: schedule and ref branch/tag/pr', () => {
    expect(parseTagRules('  \n').map((r) => r.line)).toEqual([
      'type=schedule',
      'type=ref,event=branch',
      'type=ref,event=tag',
      'type=ref,event=pr',
    ]);
  });
});

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('bad input names the line and the problem', () => {
  test.each<[string, string, RegExp]>([
    ['unknown tag type', 'type=foo', /unknown tag type "foo"/],
    ['unknown attribute', 'type=sha,lenght=12', /type=sha has no attribute "lenght"/],
    ['attribute of another type', 'type=raw,value=x,format=long', /type=raw has no attribute "format"/],
    ['duplicate attribute', 'type=raw,value=a,value=b', /"value" is given twice/],
    ['malformed regular expression', 'type=match,pattern=v(\\d', /not a valid regular expression/],
    [
      'malformed match= on semver',
      'type=semver,pattern={{version}},match=v(\\d',
      /match= is not a valid regular expression/,
    ],
    [
      'an unknown expression in a prefix',
      'type=sha,prefix={{brnach}}-',
      /prefix=: \{\{brnach\}\} is not a known expression/,
    ],
    [
      'an unknown expression in a raw value',
      'type=raw,value={{nope}}',
      /value=: \{\{nope\}\} is not a known expression/,
    ],
    [
      'a semver part misspelt',
      'type=semver,pattern={{verison}}',
      /pattern=: \{\{verison\}\} is not a known expression/,
    ],
    ['{{build}} in a pep440 pattern (semver only)', 'type=pep440,pattern={{build}}', /pattern=: \{\{build\}\}/],
    ['an unclosed expression', 'type=raw,value={{branch', /never closed/],
    ['match= on a type without it', 'type=sha,match=v(.*)', /type=sha has no attribute "match"/],
    ['match group that is not a number', 'type=match,pattern=v(.*),group=foo', /group must be a capture group number/],
    ['priority that is not a number', 'type=sha,priority=high', /priority must be a whole number/],
    ['enable that is not true or false', 'type=sha,enable=foo', /enable must be true or false/],
    ['semver without a pattern', 'type=semver', /type=semver needs a pattern/],
    ['pep440 without a pattern', 'type=pep440', /type=pep440 needs a pattern/],
    ['match without a pattern', 'type=match', /type=match needs a pattern/],
    ['ref without an event', 'type=ref', /type=ref needs an event/],
    ['ref with an unknown event', 'type=ref,event=foo', /unknown ref event "foo"/],
    ['raw without a value', 'type=raw', /type=raw needs a value/],
    ['unknown sha format', 'type=sha,format=foo', /unknown sha format "foo"/],
    ['unclosed quote', 'type=match,"pattern=v(.*)', /not valid CSV \(Quote Not Closed/],
    [
      'a quote that opens after a space, which csv-parse refuses upstream too',
      'type=match, "pattern=v(,)"',
      /Invalid Opening Quote/,
    ],
    ['a quote inside an unquoted field', 'type=raw,value=a"b', /Invalid Opening Quote/],
  ])('%s', (_name, line, problem) => {
    const error = inputError(() => parseTagRules(`type=sha\n${line}`));
    expect(error.input).toBe('tags');
    expect(error.value).toBe(line);
    expect(error.message).toContain(`input "tags"`);
    expect(error.message).toContain(JSON.stringify(line));
    expect(error.message).toMatch(problem);
  });

  test.each<[string, string, RegExp]>([
    ['unknown flavor key', 'latest=auto\nfoo=bar', /unknown flavor key "foo"/],
    ['bad latest value', 'latest=maybe', /latest must be auto, true or false/],
    ['entry without =', 'prefix', /is not a key=value entry/],
    ['bad onlatest value', 'prefix=a-,onlatest=yes', /onlatest must be true or false/],
    ['onlatest without prefix or suffix', 'onlatest=true', /onlatest must follow prefix= or suffix=/],
  ])('flavor: %s', (_name, text, problem) => {
    const error = inputError(() => parseFlavor(text));
    expect(error.input).toBe('flavor');
    expect(text.split('\n')).toContain(error.value);
    expect(error.message).toMatch(problem);
  });

  test.each<[string, string, RegExp]>([
    [
      'enable expression that gives neither true nor false',
      'type=raw,value=x,enable={{branch}}',
      /enable=\{\{branch\}\} gave "main", not true or false/,
    ],
    ['unknown expression', 'type=raw,value={{brnach}}', /\{\{brnach\}\} is not a known expression/],
    ['unclosed expression', 'type=raw,value={{branch', /never closed/],
    ['unknown date attribute', "type=raw,value={{date 'YYYY' zone='UTC'}}", /unknown attribute "zone"/],
    [
      'unknown time zone',
      "type=raw,value={{date 'YYYY' tz='Mars/Olympus'}}",
      /"Mars\/Olympus" is not a known time zone/,
    ],
    [
      'unsupported date token',
      "type=raw,value={{date 'GGGG-[W]WW'}}",
      /date format token at "GGGG-\[W\]WW" is not supported/,
    ],
    ['arguments to a plain expression', "type=raw,value={{branch 'x'}}", /\{\{branch 'x'\}\} takes no arguments/],
    ['an invalid short sha length', 'type=sha', /DOCKER_METADATA_SHORT_SHA_LENGTH must be a positive whole number/],
  ])('when rendering: %s', (_name, line, problem) => {
    const error = inputError(() =>
      computeTags({ tags: line, flavor: '' }, eventContext('push-branch'), { shortShaLength: Number.NaN }),
    );
    expect(error.input).toBe('tags');
    expect(error.value).toBe(line);
    expect(error.message).toMatch(problem);
  });

  test('a bad flavor prefix expression names the flavor input', () => {
    const error = inputError(() =>
      computeTags({ tags: 'type=raw,value=x', flavor: 'prefix={{nope}}-' }, eventContext('push-branch')),
    );
    expect(error.input).toBe('flavor');
    expect(error.message).toMatch(/\{\{nope\}\} is not a known expression/);
  });
});
