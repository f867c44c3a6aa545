import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { quoteIdent } from '../values/sqlLiteral.js';
import { registerConformanceTests } from './conformance.js';
import { expectUnreachableExplained, expectWrongPasswordExplained } from './connectErrorChecks.js';
import { openWarehouse } from './openWarehouse.js';
import { PostgresAdapter } from './postgresAdapter.js';

let server: TestPostgres;
let url: string;
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase('conformance');
});
afterAll(async () => {
  await server?.stop();
});

registerConformanceTests('PostgreSQL', () => ({
  async open() {
    return openWarehouse({ kind: 'postgres', url });
  },
  blobFromBase64: (base64) => `decode('${base64}', 'base64')`,
  maxIdentifierLength: 63,
  async readOnly(grantOn) {
    const role = 'ebb_reader';
    const admin = new PostgresAdapter({ kind: 'postgres', url });
    await admin.execute(`create role ${role} login password 'reader-pw'`);
    await admin.execute(`grant usage on schema public to ${role}`);
    for (const table of grantOn) await admin.execute(`grant select on ${table} to ${role}`);
    await admin.close();
    const readerUrl = url.replace(/\/\/[^@]+@/, `//${role}:reader-pw@`);
    return { adapter: new PostgresAdapter({ kind: 'postgres', url: readerUrl }), role };
  },
}));

describe('PostgreSQL connection errors name the fix', () => {
  test('wrong password, without the password', async () => {
    await expectWrongPasswordExplained('postgres', url, /refused the password for user "postgres"/);
  });

  test('host unreachable', async () => {
    await expectUnreachableExplained('postgres', 'PostgreSQL');
  });

  test('database missing', async () => {
    const adapter = openWarehouse({
      kind: 'postgres',
      url: url.replace(/\/conformance$/, '/nope'),
    });
    await expect(adapter.test()).rejects.toMatchObject({
      code: 'WAREHOUSE_ERROR',
      message: expect.stringContaining(`Database "nope" does not exist`),
    });
    expect(quoteIdent('nope')).toBe('"nope"');
  });
});

test('numerics a double cannot hold (NaN, ±Infinity, 1e400, 1e-400) go out as their exact text', async () => {
  const adapter = openWarehouse({ kind: 'postgres', url });
  try {
    const rows: unknown[] = [];
    for await (const batch of adapter.streamRows(
      `select cast('NaN' as numeric) as nan, cast('Infinity' as numeric) as inf,
              cast('-Infinity' as numeric) as ninf, cast('1e400' as numeric) as huge,
              cast('-1e-400' as numeric) as tiny, cast('1.50' as numeric) as plain`,
      10,
    )) {
      rows.push(...batch);
    }
    expect(rows).toEqual([
      {
        nan: 'NaN',
        inf: 'Infinity',
        ninf: '-Infinity',
        huge: `1${'0'.repeat(400)}`,
        tiny: `-0.${'0'.repeat(399)}1`,
        plain: 1.5,
      },
    ]);
  } finally {
    await adapter.close();
  }
});

test('infinity and -infinity dates and timestamps go out as their text, as from DuckDB, not as null', async () => {
  const adapter = openWarehouse({ kind: 'postgres', url });
  try {
    const rows: unknown[] = [];
    for await (const batch of adapter.streamRows(
      `select cast('infinity' as timestamp) as ts, cast('-infinity' as timestamp) as nts,
              cast('infinity' as timestamptz) as tstz, cast('infinity' as date) as d,
              cast('-infinity' as date) as nd, cast('2024-02-29' as date) as plain`,
      10,
    )) {
      rows.push(...batch);
    }
    expect(rows).toEqual([
      {
        ts: 'infinity',
        nts: '-infinity',
        tstz: 'infinity',
        d: 'infinity',
        nd: '-infinity',
        plain: '2024-02-29',
      },
    ]);
  } finally {
    await adapter.close();
  }
});
