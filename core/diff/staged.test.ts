import { expect, test } from 'vitest';
import { seqRanges } from './staged.js';

test('acknowledged seqs collapse into few ranges, in any order, duplicates allowed', () => {
  expect(seqRanges([1, 2, 3, 5, 6, 9])).toEqual([
    [1, 3],
    [5, 6],
    [9, 9],
  ]);
  expect(seqRanges([7, 3, 4, 2, 7, 8])).toEqual([
    [2, 4],
    [7, 8],
  ]);
  expect(seqRanges([])).toEqual([]);
});
