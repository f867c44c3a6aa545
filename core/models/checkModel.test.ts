import { expect, test } from 'vitest';
import { checkModelColumns, checkModelConfig } from './checkModel.js';
import { DEFAULT_MAX_RECORDS_PER_SYNC, MAX_COLUMNS, MAX_QUERY_LENGTH } from './limits.js';

test('configuration limits are checked without a warehouse', () => {
  expect(checkModelConfig({ sql: 'select 1 as id', idColumn: 'id' })).toEqual([]);
  const problems = checkModelConfig({
    sql: 'x'.repeat(MAX_QUERY_LENGTH + 1),
    idColumn: 'i'.repeat(192),
    timestampColumn: 't'.repeat(192),
  });
  expect(problems.map(({ code, limit, actual }) => ({ code, limit, actual }))).toEqual([
    { code: 'QUERY_TOO_LONG', limit: 65_535, actual: 65_536 },
    { code: 'ID_COLUMN_NAME_TOO_LONG', limit: 191, actual: 192 },
    { code: 'TIMESTAMP_COLUMN_NAME_TOO_LONG', limit: 191, actual: 192 },
  ]);
  expect(
    checkModelConfig({ sql: 'x'.repeat(MAX_QUERY_LENGTH), idColumn: 'i'.repeat(191) }),
  ).toEqual([]);
  expect(DEFAULT_MAX_RECORDS_PER_SYNC).toBe(150_000_000);
});

test('column limits: count, name length, id and timestamp presence', () => {
  const column = (name: string) => ({ name, type: 'INTEGER', valueType: { kind: 'int' as const } });
  const columns = [
    column('id'),
    column('n'.repeat(129)),
    ...Array.from({ length: MAX_COLUMNS }, (_, i) => column(`c${i}`)),
  ];
  const codes = checkModelColumns({ sql: '', idColumn: 'id', timestampColumn: 'ts' }, columns).map(
    (p) => p.code,
  );
  expect(codes).toEqual(['TIMESTAMP_COLUMN_MISSING', 'TOO_MANY_COLUMNS', 'COLUMN_NAME_TOO_LONG']);
  expect(checkModelColumns({ sql: '', idColumn: 'key' }, [column('id')])[0]?.code).toBe(
    'ID_COLUMN_MISSING',
  );
});

test('the id and timestamp columns are held to their own 191-character limit, not 128', () => {
  const column = (name: string) => ({ name, type: 'INTEGER', valueType: { kind: 'int' as const } });
  const id = 'i'.repeat(191);
  const ts = 't'.repeat(191);
  const model = { sql: '', idColumn: id, timestampColumn: ts };
  expect(checkModelConfig(model)).toEqual([]);
  expect(checkModelColumns(model, [column(id), column(ts), column('v')])).toEqual([]);
  const longer = { sql: '', idColumn: `${id}i` };
  expect(
    [...checkModelConfig(longer), ...checkModelColumns(longer, [column(`${id}i`)])].map(
      (p) => p.code,
    ),
  ).toEqual(['ID_COLUMN_NAME_TOO_LONG']);
  // Any other column still has 128.
  expect(
    checkModelColumns(model, [column(id), column(ts), column('n'.repeat(129))]).map((p) => p.code),
  ).toEqual(['COLUMN_NAME_TOO_LONG']);
});
