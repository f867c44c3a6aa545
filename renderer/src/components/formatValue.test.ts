import { expect, test } from 'vitest';
import { formatValue, isNumericType } from './formatValue';
import { suggestIdColumn } from '../models/suggestIdColumn';
import { tickStride } from '../usage/DailyChart';

test('values read by their column type: timestamps, dates, decimals at their scale', () => {
  const at = formatValue('2026-10-29T19:39:00.000Z', 'TIMESTAMP');
  expect(at).toMatch(/2026/);
  expect(at).toMatch(/UTC$/);
  expect(at).not.toContain('T19:39');
  expect(formatValue('2026-10-29', 'DATE')).not.toBe('2026-10-29');
  expect(formatValue(99.7, 'DECIMAL(10,2)')).toBe('99.70');
  expect(formatValue(-3, 'DECIMAL(10,2)')).toBe('-3.00');
  expect(formatValue('12345678901234567890.1', 'DECIMAL(38,3)')).toBe('12345678901234567890.100');
  expect(formatValue(1234, 'INTEGER')).toBe('1234'); // ids stay as written
  expect(formatValue(null, 'INTEGER')).toBe('null');
  expect(isNumericType('DECIMAL(10,2)')).toBe(true);
  expect(isNumericType('VARCHAR')).toBe(false);
});

test('the id column offered is "id", else the table’s own *_id, else the first *_id', () => {
  const cols = (...names: string[]) => names.map((name) => ({ name }));
  expect(suggestIdColumn(cols('email', 'id'), 'select * from t')).toBe('id');
  expect(suggestIdColumn(cols('account_id', 'user_id', 'email'), 'select * from main.users')).toBe(
    'user_id',
  );
  expect(suggestIdColumn(cols('company_id', 'x'), 'select * from main.companies')).toBe(
    'company_id',
  );
  expect(suggestIdColumn(cols('a_id', 'b_id'), 'select 1')).toBe('a_id');
  expect(suggestIdColumn(cols('email'), 'select email from users')).toBeUndefined();
});

test('the daily chart labels days at a steady stride', () => {
  expect(tickStride(10)).toBe(1);
  expect(tickStride(16)).toBe(1);
  expect(tickStride(31)).toBe(2);
});
