import { describe, expect, test } from 'vitest';
import { commitAcknowledged, planDiff, previewDiff, stateTables } from '../diff/index.js';
import { mariadbForFile } from '../testing/mariadbForFile.js';
import { registerConformanceTests } from './conformance.js';
import { expectUnreachableExplained, expectWrongPasswordExplained } from './connectErrorChecks.js';
import { MysqlAdapter } from './mysqlAdapter.js';
import { openWarehouse } from './openWarehouse.js';

let url: string;
const installed = mariadbForFile('MariaDB conformance', 'conformance', (created) => {
  url = created;
});

const grant = (schema: string, role: string) =>
  `GRANT ALL PRIVILEGES ON \`${schema}\`.* TO ${role};`;

describe.skipIf(!installed)('MariaDB', () => {
  registerConformanceTests('MariaDB', () => ({
    async open() {
      return openWarehouse({ kind: 'mysql', url });
    },
    blobFromBase64: (base64) => `from_base64('${base64}')`,
    series: (n) => `(select seq as g from seq_1_to_${n}) as s`,
    hoursAfter2024: (g) => `timestamp '2024-01-01 00:00:00' + interval ${g} hour`,
    longText: 'longtext',
    singleFloat: 'float',
    omitValues: ['l'],
    async valuesQuery(adapter) {
      await adapter.execute(`create table if not exists ebb_values (id int, i int, big_safe bigint,
        big bigint, neg_big bigint, f double, d decimal(10, 2), s text, dt date, ts datetime(6),
        ts_us datetime(6), ts_whole datetime(6), tstz timestamp(6) null, b boolean, n text,
        t time, u uuid, bin varbinary(8), j json)`);
      await adapter.execute('delete from ebb_values');
      // The session is UTC: the +02:00 instant is stored and read as 03:04:05 UTC.
      await adapter.execute(`insert into ebb_values values (1, 42, 9007199254740991,
        9007199254740993, -9007199254740993, 1.5, 12.50,
        'héllo "q"' || char(10 using utf8mb4) || '\\', '2024-02-03', '2024-01-02 03:04:05.678',
        '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05',
        convert_tz('2024-01-02 05:04:05', '+02:00', '+00:00'), true, null, '12:34:56',
        '123e4567-e89b-12d3-a456-426614174000', from_base64('qgD/'), '{"a": [1, 2, {"b": null}]}')`);
      return 'select * from ebb_values';
    },
    grantHints: {
      create: (schema, role) =>
        `CREATE DATABASE IF NOT EXISTS \`${schema}\`; ${grant(schema, role)}`,
      grant,
    },
    async readOnly(grantOn) {
      const admin = new MysqlAdapter({ kind: 'mysql', url });
      await admin.execute(`create user 'ebb_reader'@'%' identified by 'reader-pw'`);
      // Read-only on MySQL: SELECT on the model's tables, and temporary tables for the diff.
      await admin.execute(`grant create temporary tables on conformance.* to 'ebb_reader'@'%'`);
      for (const table of grantOn) {
        await admin.execute(`grant select on conformance.${table} to 'ebb_reader'@'%'`);
      }
      await admin.close();
      const readerUrl = url.replace(/\/\/[^@]+@/, '//ebb_reader:reader-pw@');
      return {
        adapter: new MysqlAdapter({ kind: 'mysql', url: readerUrl }),
        role: `'ebb_reader'@'%'`,
      };
    },
  }));

  test('a state table from an older Ebb (index on id alone) gets the (id, fp) index the diff reads', async () => {
    const adapter = openWarehouse({ kind: 'mysql', url });
    try {
      await adapter.execute('drop table if exists index_src');
      await adapter.execute('create table index_src (id int primary key, v text)');
      await adapter.execute(`insert into index_src values (1, 'a'), (2, 'b'), (3, 'c')`);
      const target = {
        syncKey: 'index-upgrade',
        stateSchema: '_ebb_index_upgrade',
        sql: 'select id, v from index_src',
        idColumn: 'id',
      };
      const first = await planDiff(adapter, { ...target, maxRecords: 100 });
      expect(first).toMatchObject({ new: 3, staged: 3 });
      await commitAcknowledged(adapter, target, [{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
      const { state, stateName } = stateTables(target);
      await adapter.execute(`alter table ${state} drop index ebb_id_fp, add index (id)`);
      await adapter.execute(`update index_src set v = 'B' where id = 2`);
      await adapter.execute('delete from index_src where id = 3');
      await adapter.execute(`insert into index_src values (4, 'd')`);
      const next = await planDiff(adapter, { ...target, maxRecords: 100 });
      expect(next).toMatchObject({ new: 1, updated: 1, deleted: 1, rejected: 0 });
      const indexes = await adapter.query(
        `select index_name as name, group_concat(column_name order by seq_in_index) as cols
           from information_schema.statistics
          where table_schema = '_ebb_index_upgrade' and table_name = '${stateName}'
          group by index_name`,
      );
      expect(indexes).toContainEqual({ name: 'ebb_id_fp', cols: 'id,fp' });
    } finally {
      await adapter.close();
    }
  });

  describe('MariaDB connection errors name the fix', () => {
    test('wrong password, without the password', async () => {
      await expectWrongPasswordExplained(
        'mysql',
        url,
        /refused the user name or password for user "root"/,
      );
    });

    test('host unreachable', async () => {
      await expectUnreachableExplained('mysql', 'MySQL');
    });

    test('database missing', async () => {
      const adapter = openWarehouse({ kind: 'mysql', url: url.replace(/\/conformance$/, '/nope') });
      await expect(adapter.test()).rejects.toMatchObject({
        code: 'WAREHOUSE_ERROR',
        message: expect.stringContaining('Database "nope" does not exist'),
      });
    });

    test('a user without access to the database is told the GRANT to ask for', async () => {
      const admin = new MysqlAdapter({ kind: 'mysql', url });
      await admin.execute(`create user 'ebb_nobody'@'%' identified by 'nobody-pw'`);
      await admin.close();
      const adapter = openWarehouse({
        kind: 'mysql',
        url: url.replace(/\/\/[^@]+@/, '//ebb_nobody:nobody-pw@'),
      });
      await expect(adapter.test()).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining(
          "GRANT SELECT, CREATE TEMPORARY TABLES ON `conformance`.* TO 'ebb_nobody'@'%';",
        ),
      });
    });

    test('a user with SELECT alone is told the GRANT for temporary tables, by the state check and by a preview', async () => {
      const admin = new MysqlAdapter({ kind: 'mysql', url });
      await admin.execute(`create user 'ebb_select'@'%' identified by 'select-pw'`);
      await admin.execute(`grant select on conformance.* to 'ebb_select'@'%'`);
      await admin.execute(`grant all privileges on \`_ebb_select\`.* to 'ebb_select'@'%'`);
      await admin.execute('create table if not exists select_src (id int, v text)');
      await admin.close();
      const adapter = openWarehouse({
        kind: 'mysql',
        url: url.replace(/\/\/[^@]+@/, '//ebb_select:select-pw@'),
      });
      const fix = "GRANT CREATE TEMPORARY TABLES ON `conformance`.* TO 'ebb_select'@'%';";
      try {
        await adapter.test();
        // What Test connection checks after the connection.
        await expect(adapter.ensureWritableSchema('_ebb_select')).rejects.toMatchObject({
          code: 'PERMISSION_DENIED',
          message: expect.stringContaining(fix),
        });
        const o = {
          syncKey: 'select-only',
          stateSchema: '_ebb_select',
          sql: 'select id, v from select_src',
          idColumn: 'id',
          maxRecords: 10,
        };
        await expect(previewDiff(adapter, { ...o, limit: 1 })).rejects.toMatchObject({
          code: 'PERMISSION_DENIED',
          message: expect.stringContaining(fix),
        });
      } finally {
        await adapter.close();
      }
    });

    test('a double-quoted string in a model is explained (ANSI_QUOTES)', async () => {
      const adapter = openWarehouse({ kind: 'mysql', url });
      const error = (await adapter
        .describeQuery(`select 1 as id from dual where 'a' = "active"`)
        .catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/write strings in single quotes \('active'\)/);
      await adapter.close();
    });
  });
});
