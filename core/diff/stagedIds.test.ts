import { expect, test } from 'vitest';
import { withDuckDbWarehouse } from '../testing/duckDbWarehouse.js';
import { planDiff, readStaged } from './index.js';
import { readStagedLines } from './stagedLines.js';
import { stagedIdJsonRead } from './stagedIdJson.js';
import { stateTables } from './stateTables.js';

const ref = { syncKey: 'sync-ids', stateSchema: '_ebb_reverse_etl' };

/**
 * The ids a first sync of `values` (one id column of `type`) stages, as delivery reads them:
 * by page queries and by lines the warehouse writes (both must agree).
 */
const stagedIds = (type: string, values: string) =>
  withDuckDbWarehouse(
    `create table t as select v::${type} as id from (values ${values}) as r(v)`,
    async (adapter) => {
      const plan = await planDiff(adapter, {
        ...ref,
        sql: 'select id from t',
        idColumn: 'id',
        maxRecords: 100,
      });
      const ids: unknown[] = [];
      for await (const batch of readStaged(adapter, ref, 10)) ids.push(...batch.map((c) => c.id));
      const lines: unknown[] = [];
      const chunks = { firstRows: 2, maxRows: 3, maxBytes: 1 << 20 };
      const options = { staged: plan.staged, chunks };
      for await (const batch of readStagedLines(adapter, ref, 4, options)) {
        lines.push(...batch.map((c) => c.id));
      }
      expect(lines).toEqual(ids);
      return ids;
    },
  );

test('text ids read back exactly: quotes, backslashes, control characters, non-ASCII, digits', async () => {
  const texts = [
    '000123',
    'plain',
    'say "hi"',
    'back\\slash',
    'tab\there',
    'line\nbreak',
    'é漢字😀',
    '',
    '-7',
  ];
  const values = texts.map((t) => `('${t.replace(/'/g, "''")}')`).join(', ');
  expect(await stagedIds('varchar', values)).toEqual([...texts].sort());
});

test('numeric ids read back as numbers, and beyond 2^53 as their exact text', async () => {
  expect(
    await stagedIds(
      'bigint',
      '(-9007199254740993), (-9007199254740991), (-5), (0), (42), (999999999999999), (9007199254740991), (9007199254740993)',
    ),
  ).toEqual([
    '-9007199254740993',
    -9007199254740991,
    -5,
    0,
    42,
    999999999999999,
    9007199254740991,
    '9007199254740993',
  ]);
  expect(await stagedIds('integer', '(-2147483648), (-1), (7), (2147483647)')).toEqual([
    -2147483648, -1, 7, 2147483647,
  ]);
  expect(await stagedIds('hugeint', '(-3), (170141183460469231731687303715884105727)')).toEqual([
    -3,
    '170141183460469231731687303715884105727',
  ]);
});

test('a text id that needs no escape is staged without its JSON (made from id when read)', async () => {
  const texts = ['plain', '000123', 'say "hi"', 'back\\slash', 'é漢字😀', ''];
  const values = texts.map((t) => `('${t.replace(/'/g, "''")}')`).join(', ');
  await withDuckDbWarehouse(
    `create table t as select v::varchar as id from (values ${values}) as r(v)`,
    async (adapter) => {
      await planDiff(adapter, { ...ref, sql: 'select id from t', idColumn: 'id', maxRecords: 10 });
      const rows = await adapter.query(
        `select id, id_json, ${stagedIdJsonRead(adapter)} as made
           from ${stateTables(ref, adapter.dialect).stage} order by id`,
      );
      const escaped = new Set(['say "hi"', 'back\\slash']);
      for (const row of rows) {
        const id = String(row.id);
        expect(row.id_json === null).toBe(!escaped.has(id));
        expect(JSON.parse(String(row.made))).toBe(id);
      }
      expect(rows).toHaveLength(texts.length);
    },
  );
});
