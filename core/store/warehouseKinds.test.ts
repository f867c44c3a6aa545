import { expect, test } from 'vitest';
import { storeBefore } from '../testing/storeBefore.js';
import { homePerTest } from '../testing/homePerTest.js';
import { openStore } from './openStore.js';

const tempHome = homePerTest();

test('migrations 8 and 16 keep existing warehouses and their models, and admit MySQL, folders, Snowflake and BigQuery', () => {
  const home = tempHome();
  // A store as an Ebb before migration 8 left it, with a model pointing at a warehouse.
  const raw = storeBefore(home, 8);
  raw.exec(`insert into warehouses values ('w1', 'main', 'duckdb', 'sealed', '/tmp/x.duckdb', '_ebb', 'then');
    insert into models (id, name, warehouse_id, sql, id_column, created_at, updated_at)
      values ('m1', 'users', 'w1', 'select 1 as id', 'id', 'then', 'then')`);
  expect(() =>
    raw.exec(`insert into warehouses values ('w2', 'my', 'mysql', 's', 'l', '_ebb', 'then')`),
  ).toThrow(/CHECK/);
  raw.close();

  const db = openStore(home);
  expect(db.prepare('select id, kind, location from warehouses').all()).toEqual([
    { id: 'w1', kind: 'duckdb', location: '/tmp/x.duckdb' },
  ]);
  db.exec(`insert into warehouses values ('w2', 'my', 'mysql', 's', 'l', '_ebb', 'now');
    insert into warehouses values ('w3', 'folder', 'files', 's', 'l', '_ebb', 'now');
    insert into warehouses values ('w5', 'sf', 'snowflake', 's', 'l', '_ebb', 'now');
    insert into warehouses values ('w6', 'bq', 'bigquery', 's', 'l', '_ebb', 'now')`);
  expect(() =>
    db.exec(`insert into warehouses values ('w4', 'x', 'oracle', 's', 'l', '_ebb', 'now')`),
  ).toThrow(/CHECK/);
  // Models still point at the rebuilt table: a warehouse in use cannot vanish.
  expect(() => db.exec(`delete from warehouses where id = 'w1'`)).toThrow(/FOREIGN KEY/);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  db.close();
});
