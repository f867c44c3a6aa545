import path from 'node:path';
import { runDuckDb } from './duckdbFile.js';
import { openCore } from './syncFixture.js';

/**
 * A home with a DuckDB warehouse `wh` holding people(person_id, name) of 5 rows, and the model
 * `people` on it exported to the project folder `repo` (so linked to `repo/models/people.sql`).
 * `open()` opens the home's core again (the caller closes it), as a later process would.
 */
export async function exportedPeople(home: string) {
  const file = path.join(home, 'wh.duckdb');
  await runDuckDb(
    file,
    `create table people as select i as person_id, 'p' || i as name from range(1, 6) as g(i)`,
  );
  const open = () => openCore(home);
  const dir = path.join(home, 'repo');
  const { core, call } = open();
  try {
    await call('warehouses.add', { kind: 'duckdb', name: 'wh', path: file });
    await call('models.add', {
      name: 'people',
      warehouse: 'wh',
      sql: 'select * from people',
      idColumn: 'person_id',
    });
    await call('project.export', { dir });
  } finally {
    core.close();
  }
  return { open, dir, modelFile: path.join(dir, 'models', 'people.sql') };
}
