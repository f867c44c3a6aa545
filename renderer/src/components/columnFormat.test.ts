import { describe, expect, it } from 'vitest';
import { compareCells, formatColumn, isNumericColumn } from './columnFormat';

describe('formatColumn', () => {
  it('writes counts with the locale grouping', () => {
    expect(formatColumn(2500, 'count')).toBe((2500).toLocaleString());
    expect(formatColumn(1234567, 'count')).not.toBe('1234567');
  });

  it('writes durations in ms below a second and in seconds above', () => {
    expect(formatColumn(420, 'duration')).toBe('420 ms');
    expect(formatColumn(1540, 'duration')).toBe('1.5 s');
    expect(formatColumn(null, 'duration')).toBe('—');
  });

  it('writes a missing id as null and other missing values as a dash', () => {
    expect(formatColumn(null, 'id')).toBe('null');
    expect(formatColumn(undefined, 'text')).toBe('—');
  });

  it('writes an instant in the local zone, not as its ISO text', () => {
    const text = formatColumn('2026-11-23T23:37:13Z', 'datetime');
    expect(text).not.toContain('2026-11-23T');
    expect(text).toMatch(/37/);
  });

  it('writes a warehouse value by its SQL type (formatValue)', () => {
    expect(formatColumn('99.7', { sql: 'DECIMAL(10,2)' })).toBe('99.70');
    expect(formatColumn(null, { sql: 'VARCHAR' })).toBe('null');
  });
});

describe('isNumericColumn', () => {
  it('right-aligns counts, durations and numeric SQL types only', () => {
    expect(isNumericColumn('count')).toBe(true);
    expect(isNumericColumn('duration')).toBe(true);
    expect(isNumericColumn({ sql: 'BIGINT' })).toBe(true);
    expect(isNumericColumn({ sql: 'VARCHAR' })).toBe(false);
    expect(isNumericColumn('text')).toBe(false);
  });
});

describe('compareCells', () => {
  it('orders numbers by value, text with digits as numbers, missing values last', () => {
    expect([10, 9, null, 100].sort(compareCells)).toEqual([9, 10, 100, null]);
    expect(['id-10', 'id-9', undefined, 'id-1'].sort(compareCells)).toEqual([
      'id-1',
      'id-9',
      'id-10',
      undefined,
    ]);
  });
});
