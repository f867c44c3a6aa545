import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';

export const SAMPLE_WAREHOUSE_NAME = 'Sample warehouse';
export const SAMPLE_FILE = 'sample.duckdb';

/** Typed columns for each sample table, so the sample has real types rather than inferred ones. */
const tables: Record<string, string> = {
  accounts: `account_id integer primary key, name varchar, industry varchar, plan varchar,
             seats integer, mrr_usd decimal(10,2), created_on date`,
  users: `user_id integer primary key, email varchar, first_name varchar, last_name varchar,
          account_id integer, country varchar, is_active boolean, lifetime_value decimal(10,2),
          signed_up_at timestamp`,
  events: `event_id integer primary key, user_id integer, event_type varchar, occurred_at timestamp,
           duration_ms integer`,
};

const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Builds the Sample warehouse (users, accounts, events) from the CSV files in resources/sample.
 * Written to a temporary file first and renamed, so a crash never leaves a half-built sample.
 */
export async function createSampleWarehouse(resourcesDir: string, home: string): Promise<string> {
  const target = path.join(home, SAMPLE_FILE);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  fs.rmSync(`${partial}.wal`, { force: true });
  const instance = await DuckDBInstance.create(partial);
  const connection = await instance.connect();
  try {
    for (const [table, columns] of Object.entries(tables)) {
      const csv = path.join(resourcesDir, 'sample', `${table}.csv`);
      await connection.run(`create table ${table} (${columns})`);
      await connection.run(
        `insert into ${table} select * from read_csv(${quoteLiteral(csv)}, header = true, auto_detect = true)`,
      );
    }
    await connection.run('checkpoint');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  fs.renameSync(partial, target);
  return target;
}
