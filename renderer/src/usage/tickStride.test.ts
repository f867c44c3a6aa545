import { expect, test } from 'vitest';
import { tickStride } from './DailyChart';

test('the daily chart labels days at one steady stride, never 1–9 then only odd days', () => {
  for (const length of [28, 29, 30, 31]) {
    const labelled = Array.from({ length }, (_, i) => i + 1).filter(
      (_, i) => i % tickStride(length) === 0,
    );
    expect(labelled[0]).toBe(1);
    expect(new Set(labelled.slice(1).map((day, i) => day - labelled[i]!))).toEqual(new Set([2]));
  }
  expect(tickStride(14)).toBe(1);
});
