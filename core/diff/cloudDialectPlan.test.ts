import { describe, expect, test } from 'vitest';
import { BigQueryAdapter } from '../warehouse/bigqueryAdapter.js';
import { SnowflakeAdapter, snowflakeFingerprint } from '../warehouse/snowflakeAdapter.js';
import type { QueryColumn, SqlRow, WarehouseAdapter } from '../warehouse/types.js';
import { prepareModel } from './diffSql.js';
import { applyAcknowledged, markInDoubt, readStaged } from './staged.js';
import { stateTables } from './stateTables.js';
import type { PlanOptions } from './types.js';
import { planDiff, previewDiff } from './index.js';

// Snowflake and BigQuery cannot be reached from CI. These run the real engine (plan, preview,
// staging, commits) against a warehouse that records the SQL it is given and answers small
// canned results, and hold that SQL to what each service documents: one read of the model per
// plan (each read is billed), temporary tables where each keeps them, quoting, column types.

const MODEL = 'select id, name from shop.users';

/** A warehouse that records every statement; its state exists or not, as the test says. */
class RecordingWarehouse implements WarehouseAdapter {
  readonly statements: string[] = [];
  tag = '';
  /** The id type state was made with. */
  idType = 'INT64';
  constructor(
    private readonly real: WarehouseAdapter,
    private readonly columns: QueryColumn[],
    private readonly stateExists: boolean,
  ) {}
  get kind() {
    return this.real.kind;
  }
  get dialect() {
    return this.real.dialect;
  }
  async test() {}
  async listTables() {
    return [];
  }
  async describeQuery() {
    return this.columns;
  }
  async *streamRows() {}
  async execute(sql: string) {
    this.statements.push(sql);
  }
  async query(sql: string): Promise<SqlRow[]> {
    this.statements.push(sql);
    if (/select fingerprint_tag/.test(sql)) {
      return this.stateExists
        ? [
            {
              fingerprint_tag: this.tag,
              id_type: this.idType,
              target: null,
              columns_json: '["id","name"]',
            },
          ]
        : [];
    }
    if (/select state_rows from/.test(sql)) return [{ state_rows: this.stateExists ? 3 : 0 }];
    if (/select lo, hi from/.test(sql)) return [{ lo: 1, hi: 2 }];
    if (/as changes, count\(\*\) as n/.test(sql)) return [];
    // Every other answer is counts: zero of each.
    return [new Proxy({}, { get: () => 0 }) as SqlRow];
  }
  async transaction<T>(work: () => Promise<T>) {
    this.statements.push('begin transaction');
    const result = await work();
    this.statements.push('commit');
    return result;
  }
  async fingerprint(columns: readonly { name: string }[] = []) {
    // Snowflake's asks the account's release; the rest is the adapter's own expression.
    return this.real.dialect === 'snowflake'
      ? snowflakeFingerprint(columns, '9')
      : this.real.fingerprint(columns);
  }
  async tableExists(_schema: string, table: string) {
    return this.stateExists || table === 'ebb_sync_meta';
  }
  async ensureWritableSchema() {}
  async close() {}
}

const options: PlanOptions = {
  syncKey: 'orders to crm',
  stateSchema: '_ebb_reverse_etl',
  sql: MODEL,
  idColumn: 'id',
  maxRecords: 1000,
};

const bigquery = () =>
  new BigQueryAdapter({
    kind: 'bigquery',
    projectId: 'my-project',
    credentials: JSON.stringify({ client_email: 'ebb@my-project.iam', private_key: 'unused' }),
    location: 'US',
  });
const snowflake = () =>
  new SnowflakeAdapter({
    kind: 'snowflake',
    account: 'myorg-acct',
    username: 'EBB',
    privateKey: 'unused',
    warehouse: 'WH',
    database: 'DB',
  });

async function recorded(
  real: WarehouseAdapter,
  columns: QueryColumn[],
  stateExists: boolean,
): Promise<RecordingWarehouse> {
  const warehouse = new RecordingWarehouse(real, columns, stateExists);
  warehouse.tag = (
    await prepareModel(warehouse, { ...options, idColumn: columns[0]?.name ?? '' })
  ).tag;
  warehouse.statements.length = 0;
  return warehouse;
}

const bigqueryColumns: QueryColumn[] = [
  { name: 'id', type: 'INT64', valueType: { kind: 'bigint' } },
  { name: 'name', type: 'STRING', valueType: { kind: 'string' } },
];
const snowflakeColumns: QueryColumn[] = [
  { name: 'ID', type: 'NUMBER(38,0)', valueType: { kind: 'bigint' } },
  { name: 'NAME', type: 'VARCHAR', valueType: { kind: 'string' } },
];

const reads = (statements: string[]) => statements.filter((s) => s.includes(MODEL)).length;
const updatesOrDeletesWithoutWhere = (statements: string[]) =>
  statements.filter((s) => /^\s*(update|delete)\b/i.test(s) && !/\bwhere\b/i.test(s));

/** Plans on a recording `real` warehouse; the model must be read once: answers that statement. */
async function planModelRead(
  real: WarehouseAdapter,
  columns: QueryColumn[],
  stateExists: boolean,
  planOptions: PlanOptions,
): Promise<string> {
  const warehouse = await recorded(real, columns, stateExists);
  await planDiff(warehouse, planOptions);
  expect(reads(warehouse.statements)).toBe(1);
  return warehouse.statements.find((s) => s.includes(MODEL)) ?? '';
}

describe('BigQuery: the engine SQL', () => {
  for (const stateExists of [false, true]) {
    test(`a plan reads the model once (${stateExists ? 'state kept' : 'first sync'})`, async () => {
      const modelRead = await planModelRead(bigquery(), bigqueryColumns, stateExists, options);
      expect(modelRead).toMatch(/^create or replace temp table ebb_changes as /);
      expect(modelRead).toContain(
        'farm_fingerprint(to_json_string(struct(m.`id`, m.`name`))) as ebb__fp',
      );
      expect(modelRead).toContain('full outer join `_ebb_reverse_etl`.`state_orders_to_crm_');
    });
  }

  test('state, staging and the acknowledgement log are BigQuery tables; temp tables live in the session', async () => {
    const warehouse = await recorded(bigquery(), bigqueryColumns, false);
    await planDiff(warehouse, options);
    const sql = warehouse.statements.join('\n;\n');
    const { state, stage, ack, meta } = stateTables(options, 'bigquery');
    expect(sql).toContain(`create table if not exists ${meta} (state_table string not null,`);
    expect(sql).toContain('state_rows int64, target string)');
    expect(sql).toContain(`create table ${state} (id INT64, fp int64, record string)`);
    expect(sql).toContain(`create table ${stage} cluster by seq as select * from ebb_stage_rows`);
    expect(sql).toContain(`create table ${ack} (lo int64 not null, hi int64 not null)`);
    expect(sql).toContain('drop table if exists _SESSION.ebb_changes');
    expect(sql).not.toMatch(/create temporary table|pg_temp|temp\.main|\btext\b|\bbigint\b/);
    expect(sql).not.toMatch(/"_ebb_reverse_etl"/);
  });

  test('commits and in-doubt marks: every UPDATE and DELETE has a WHERE, in one transaction', async () => {
    const warehouse = await recorded(bigquery(), bigqueryColumns, true);
    await markInDoubt(warehouse, options, [[1, 5]]);
    await applyAcknowledged(warehouse, options);
    expect(updatesOrDeletesWithoutWhere(warehouse.statements)).toEqual([]);
    expect(warehouse.statements.filter((s) => s === 'begin transaction')).toHaveLength(2);
  });

  test('a changed id type is converted before the re-baseline transaction (no DDL inside one)', async () => {
    const warehouse = await recorded(bigquery(), bigqueryColumns, true);
    warehouse.tag = 'an older algorithm';
    warehouse.idType = 'STRING';
    await planDiff(warehouse, options);
    const alter = warehouse.statements.findIndex((s) =>
      s.includes('alter column id set data type INT64'),
    );
    const forget = warehouse.statements.indexOf(
      `update ${stateTables(options, 'bigquery').state} set fp = null where true`,
    );
    expect(alter).toBeGreaterThanOrEqual(0);
    expect(forget).toBeGreaterThan(alter);
    // The re-baseline's transaction opens after the conversion.
    expect(warehouse.statements.lastIndexOf('begin transaction', forget)).toBeGreaterThan(alter);
  });

  test('staged pages aggregate with STRING_AGG and BigQuery escapes', async () => {
    const warehouse = await recorded(bigquery(), bigqueryColumns, true);
    for await (const batch of readStaged(warehouse, options, 10)) expect(batch).toEqual([]);
    const page = warehouse.statements.find((s) => s.includes('as changes')) ?? '';
    expect(page).toContain(`string_agg(cast(seq as string) || '\\x1f' || op`);
    expect(page).toContain(`, '\\x1e' order by seq) as changes`);
  });

  test('a preview reads the model once and writes only temp tables', async () => {
    const warehouse = await recorded(bigquery(), bigqueryColumns, false);
    await previewDiff(warehouse, { ...options, limit: 5 });
    expect(reads(warehouse.statements)).toBe(1);
    expect(warehouse.statements.filter((s) => /^\s*create table/i.test(s))).toEqual([]);
    expect(warehouse.statements.join('\n')).toContain(
      '(select cast(null as INT64) as id, cast(null as int64) as fp, cast(null as string) as record limit 0)',
    );
  });
});

const snowflakeOptions = { ...options, idColumn: 'ID' };

describe('Snowflake: the engine SQL', () => {
  for (const stateExists of [false, true]) {
    test(`a plan reads the model once (${stateExists ? 'state kept' : 'first sync'})`, async () => {
      const modelRead = await planModelRead(
        snowflake(),
        snowflakeColumns,
        stateExists,
        snowflakeOptions,
      );
      expect(modelRead).toMatch(/^create or replace temporary table ebb_changes as /);
      expect(modelRead).toContain('hash(m."ID", m."NAME") as ebb__fp');
    });
  }

  test('state without an enforced key, temp tables dropped by name, pages through LISTAGG', async () => {
    const warehouse = await recorded(snowflake(), snowflakeColumns, false);
    await planDiff(warehouse, snowflakeOptions);
    const reader = await recorded(snowflake(), snowflakeColumns, true);
    for await (const batch of readStaged(reader, snowflakeOptions, 10)) expect(batch).toEqual([]);
    const sql = [...warehouse.statements, ...reader.statements].join('\n;\n');
    const { state, meta } = stateTables(options, 'snowflake');
    expect(sql).toContain(
      `create table ${state} (id NUMBER(38,0), fp number(19, 0), record varchar)`,
    );
    expect(sql).toContain(`create table if not exists ${meta} (state_table text not null,`);
    expect(sql).toContain('drop table if exists ebb_changes');
    expect(sql).toContain(`listagg(cast(seq as varchar) ||`);
    // 20 records of up to 512 KiB per text: a VARCHAR holds 16 MB.
    expect(sql).toContain('group by floor((seq - 1) / 20.0)');
    expect(sql).not.toMatch(/pg_temp|temp\.main|primary key/);
    expect(updatesOrDeletesWithoutWhere(warehouse.statements)).toEqual([]);
  });
});
