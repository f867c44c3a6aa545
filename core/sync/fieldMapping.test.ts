import { expect, test } from 'vitest';
import { createRecordMapper, validateMapping } from './fieldMapping.js';

const row = { user_id: 7, email: 'a@example.com', plan: null, seats: 3 };

test('no mapping sends the record as it is', () => {
  expect(createRecordMapper(null)('new', row)).toBe(row);
});

test('fields are chosen and renamed, constants added, nulls left out on request', () => {
  const map = createRecordMapper({
    fields: [
      { source: 'user_id', target: 'userId' },
      { source: 'plan', target: 'plan' },
      { source: 'email', target: 'contact' },
    ],
    constants: [{ target: 'source', value: 'ebb' }],
    omitNulls: true,
  });
  expect(map('updated', row)).toEqual({ userId: 7, contact: 'a@example.com', source: 'ebb' });
});

test('a deleted record keeps __segment_id and every mapped field as null, even with omitNulls', () => {
  const map = createRecordMapper({
    fields: [{ source: 'email', target: 'contact' }],
    constants: [{ target: 'source', value: 'ebb' }],
    omitNulls: true,
  });
  expect(
    map('deleted', { __segment_id: '7', user_id: null, email: null, plan: null, seats: null }),
  ).toEqual({
    __segment_id: '7',
    contact: null,
    source: null,
  });
});

test('a mapping naming a missing column or sending a field twice is refused', () => {
  expect(() => validateMapping({ fields: [{ source: 'nope', target: 'x' }] }, ['user_id'])).toThrow(
    /does not return\. Its columns: user_id/,
  );
  expect(() =>
    validateMapping(
      { fields: [{ source: 'user_id', target: 'x' }], constants: [{ target: 'x', value: 1 }] },
      ['user_id'],
    ),
  ).toThrow(/two fields named "x"/);
});
