import { expect, test } from 'vitest';
import { splitInputList } from '../../../packages/core/src/actions/input-list.ts';

test.each([
  ['one per line, blanks and comments skipped', 'a\n\n# comment\n  b  \n', {}, ['a', 'b']],
  ['commas split only when allowed', 'linux/amd64,linux/arm64', { commas: true }, ['linux/amd64', 'linux/arm64']],
  ['commas kept when not allowed (tag rules hold commas)', 'type=ref,event=branch', {}, ['type=ref,event=branch']],
  ['quoted commas stay in one item', 'a,"b,c"', { commas: true }, ['a', 'b,c']],
  ['windows line ends', 'a\r\nb', {}, ['a', 'b']],
])('%s', (_name, text, options, expected) => {
  expect(splitInputList(text, options)).toEqual(expected);
});
