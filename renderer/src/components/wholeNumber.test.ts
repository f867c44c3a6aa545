import { expect, test } from 'vitest';
import { formatCount, parseWholeNumber } from './wholeNumber';

test('a count is written and read back in the locale, grouping optional', () => {
  const big = formatCount(150_000_000);
  expect(big).toBe((150_000_000).toLocaleString());
  expect(parseWholeNumber(big)).toBe(150_000_000);
  expect(parseWholeNumber('150000000')).toBe(150_000_000);
  expect(parseWholeNumber(' 1 000 ')).toBe(1000);
  expect(parseWholeNumber('1_000')).toBe(1000);
  expect(parseWholeNumber('')).toBeNull();
  expect(parseWholeNumber('-5')).toBeNull();
  expect(parseWholeNumber('12.5x')).toBeNull();
});
