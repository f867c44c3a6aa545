import type { RunSummary } from '../types.js';
import { normaliseRecord } from './destinationEqualsModel.js';
import type { Call } from './syncFixture.js';
import { pgQuery } from './pgQuery.js';

/**
 * A SaaS scenario read from PostgreSQL: `people(user_id, name, score)` of `rows` rows in the test
 * server, warehouse `pgwh`, model `people` (`sql` over it, by `idColumn`) and a mirror sync to
 * `destination`, run once. Answers the run and the model's records as the destination should
 * hold them (id → record).
 */
export async function syncPeopleFromPostgres(
  call: Call,
  url: string,
  scenario: { rows: number; sql: string; idColumn: string; destination: string; sync: string },
): Promise<{ run: RunSummary; expected: Map<string, Record<string, unknown>> }> {
  await pgQuery(
    url,
    `create table people as select g as user_id, 'person ' || g as name, g * 1.5 as score from generate_series(0, ${scenario.rows - 1}) g`,
  );
  const { sql, idColumn } = scenario;
  await call('warehouses.add', { kind: 'postgres', name: 'pgwh', url });
  await call('models.add', { name: 'people', warehouse: 'pgwh', sql, idColumn });
  await call('syncs.add', {
    name: scenario.sync,
    model: 'people',
    destination: scenario.destination,
    mode: 'mirror',
  });
  const run = await call('syncs.run', { sync: scenario.sync });
  const model = await call('models.run', {
    warehouse: 'pgwh',
    sql: `${sql} order by user_id`,
    idColumn,
    limit: 1000,
  });
  const expected = new Map(model.rows.map((row) => [String(row[idColumn]), normaliseRecord(row)]));
  return { run, expected };
}
