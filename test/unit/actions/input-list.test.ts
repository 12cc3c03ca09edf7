import { expect, test } from 'vitest';
import { parseInputList, splitInputList } from '../../../packages/core/src/actions/input-list.ts';

test.each([
  ['one per line, blanks and comments skipped', 'a\n\n# comment\n  b  \n', {}, ['a', 'b']],
  ['commas split only when allowed', 'linux/amd64,linux/arm64', { commas: true }, ['linux/amd64', 'linux/arm64']],
  ['commas kept when not allowed (tag rules hold commas)', 'type=ref,event=branch', {}, ['type=ref,event=branch']],
  ['quoted commas stay in one item', 'a,"b,c"', { commas: true }, ['a', 'b,c']],
  ['windows line ends', 'a\r\nb', {}, ['a', 'b']],
])('%s', (_name, text, options, expected) => {
  expect(splitInputList(text, options)).toEqual(expected);
});

test.each([
  [
    'a quoted entry spans lines (one build arg)',
    'ARG=val\n"MULTILINE=aaaa\nbbbb\nccc"',
    { ignoreComma: true },
    ['ARG=val', 'MULTILINE=aaaa\nbbbb\nccc'],
  ],
  ['commas inside an entry kept when asked', 'MY_ARG=val1,val2,val3', { ignoreComma: true }, ['MY_ARG=val1,val2,val3']],
  [
    'commas and lines both split otherwise',
    'docker:10.180.0.1,foo:10.0.0.1\nbar:10.0.0.2',
    {},
    ['docker:10.180.0.1', 'foo:10.0.0.1', 'bar:10.0.0.2'],
  ],
  ['# is text unless it is the comment character', 'FOO=bar#baz\n#x=1', { ignoreComma: true }, ['FOO=bar#baz', '#x=1']],
  [
    'quotes kept when quoting is off (buildx parses outputs itself)',
    'type=image,"name=a,b",push=true',
    { ignoreComma: true, quote: false },
    ['type=image,"name=a,b",push=true'],
  ],
  ['whitespace kept when asked (secret values)', '"S=a \n"', { ignoreComma: true, trimWhitespace: false }, ['S=a \n']],
])('parseInputList: %s', (_name, text, options, expected) => {
  expect(parseInputList(text, options)).toEqual(expected);
});
