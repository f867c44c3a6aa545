import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mariadbForFile } from '../testing/mariadbForFile.js';
import { openWarehouse } from '../warehouse/openWarehouse.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { commitAcknowledged, planDiff, readStaged } from './index.js';

let url: string;
const installed = mariadbForFile('MariaDB diff state side', 'state_side', (created) => {
  url = created;
});

/**
 * MariaDB's diff looks state's ids up among the model's: through the model's own keys when
 * MariaDB can (a keyed table, joined by keys), else through temp table `ebb_model`. Both ways
 * must find the same deletes and the same duplicates, including a duplicate whose every copy is
 * unchanged (two identical rows from a join); the destination must end up equal to the model.
 */
describe.skipIf(!installed)('MariaDB diff: state ids looked up among the model ids', () => {
  let adapter: WarehouseAdapter;
  beforeAll(async () => {
    adapter = openWarehouse({ kind: 'mysql', url });
  });
  afterAll(async () => {
    await adapter.close();
  });

  const models = {
    // parent's primary key and child's index: MariaDB looks the model up by key.
    keyed: (n: number) => `select p.id, p.name, c.tag from parent${n} as p
                            left join child${n} as c on c.parent_id = p.id`,
    // A limit makes MariaDB materialize the model: the ids go to ebb_model.
    materialized: (n: number) => `select * from (select p.id, p.name, c.tag from parent${n} as p
                                   left join child${n} as c on c.parent_id = p.id limit 1000000) as l`,
  };

  test.each([
    ['keyed', 1, false],
    ['materialized', 2, true],
  ] as const)(
    '%s model: deletes, updates, new ids and duplicates; the destination equals the model',
    async (kind, n, usesIdTable) => {
      await adapter.execute(`drop table if exists parent${n}, child${n}`);
      await adapter.execute(`create table parent${n} (id int primary key, name text)`);
      await adapter.execute(`create table child${n} (parent_id int, tag text, index (parent_id))`);
      await adapter.execute(`insert into parent${n} select seq, concat('p', seq) from seq_1_to_8`);
      await adapter.execute(`insert into child${n} select seq, 'a' from seq_1_to_8`);
      const o = {
        syncKey: `state-side-${kind}`,
        stateSchema: '_ebb_state_side',
        sql: models[kind](n),
        idColumn: 'id',
        maxRecords: 1000,
      };
      // The destination: id → record text, as acknowledged.
      const destination = new Map<string, string>();
      const deliverAll = async () => {
        const acks: { seq: number }[] = [];
        for await (const batch of readStaged(adapter, o, 100)) {
          for (const change of batch) {
            if (change.op === 'deleted') destination.delete(JSON.stringify(change.id));
            else destination.set(JSON.stringify(change.id), change.recordJson);
            acks.push({ seq: change.seq });
          }
        }
        await commitAcknowledged(adapter, o, acks);
      };
      expect(await planDiff(adapter, o)).toMatchObject({ new: 8, staged: 8 });
      await deliverAll();

      await adapter.execute(`update parent${n} set name = 'changed' where id = 2`);
      await adapter.execute(`delete from parent${n} where id in (1, 5)`);
      await adapter.execute(`insert into parent${n} values (9, 'p9')`);
      // 3: a second copy that differs (one copy unchanged, one changed);
      // 4: a second copy equal to the first (both unchanged, hidden behind state's row).
      await adapter.execute(`insert into child${n} values (3, 'b'), (4, 'a')`);
      const statements: string[] = [];
      const execute = adapter.execute.bind(adapter);
      adapter.execute = (sql: string) => {
        statements.push(sql);
        return execute(sql);
      };
      const plan = await planDiff(adapter, o).finally(() =>
        Reflect.deleteProperty(adapter, 'execute'),
      );
      expect(statements.some((sql) => /create temporary table ebb_model\b/.test(sql))).toBe(
        usesIdTable,
      );
      expect(plan).toMatchObject({ new: 1, updated: 1, deleted: 2, rejected: 4, staged: 4 });
      expect(plan.rejectedSamples.map((sample) => [sample.id, sample.reason])).toEqual([
        [3, expect.stringMatching(/duplicate id: 2 rows/)],
        [4, expect.stringMatching(/duplicate id: 2 rows/)],
      ]);
      await deliverAll();

      // Row by row: every model id with one row is in the destination with its record; the
      // duplicated ids keep what was sent before; nothing else is there.
      const rows = await adapter.query(
        `select id, name, tag from (${models[kind](n)}) as m where id not in (3, 4) order by id`,
      );
      const expected = new Map<string, unknown>(
        rows.map((row) => [String(row.id), { id: row.id, name: row.name, tag: row.tag }]),
      );
      for (const id of ['3', '4']) expected.set(id, { id: Number(id), name: `p${id}`, tag: 'a' });
      const actual = new Map(
        [...destination].map(([id, text]) => [id, JSON.parse(text) as unknown]),
      );
      expect(actual).toEqual(expected);
      expect(await planDiff(adapter, o)).toMatchObject({
        new: 0,
        updated: 0,
        deleted: 0,
        staged: 0,
      });
    },
  );
});
