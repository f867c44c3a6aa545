import { expect, test } from 'vitest';
import { asErrorCode, ERROR_CODES } from './errors.js';

test('a code read off the wire keeps its name when Ebb knows it, else reads as INTERNAL', () => {
  for (const code of ERROR_CODES) expect(asErrorCode(code)).toBe(code);
  expect(asErrorCode('NOT_A_QUERY')).toBe('NOT_A_QUERY');
  expect(asErrorCode('SOMETHING_NEW')).toBe('INTERNAL');
  expect(asErrorCode('')).toBe('INTERNAL');
});

test('every code is listed once', () => {
  expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
});
