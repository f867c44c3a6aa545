import { expect, test } from 'vitest';
import { words } from './cliHarness.js';

test('words splits the literal text on white space and keeps each ${…} one word', () => {
  const header = 'X-Team: growth';
  expect(words`  destination add h\n --header ${header} --rate ${'10'}`).toEqual([
    'destination',
    'add',
    'h',
    '--header',
    'X-Team: growth',
    '--rate',
    '10',
  ]);
});
