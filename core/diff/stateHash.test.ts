import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { unparkRecords } from '../ops/unparkRecords.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { tempHome } from '../testing/tempHome.js';
import { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import {
  markInDoubt,
  planDiff,
  readStaged,
  recordAcknowledged,
  applyAcknowledged,
  stateTables,
} from './index.js';
import { keptStateHash, stateHashOf, stateHashSql } from './state.js';
import type { DiffPlan, StagedChange } from './types.js';

/**
 * DuckDB keeps state's side of the no-op check (count, non-null fingerprints, sum of
 * hash(id, fp)) in the meta row (state.ts, `StateHash`). A kept value that does not describe
 * state could make a plan find "nothing changed" while state and the model differ, and the
 * destination would never get those changes: it must be moved or forgotten in the very
 * transaction that changes state, whatever point a run dies at.
 */
const ref = { syncKey: 'sync-state-hash', stateSchema: '_ebb_reverse_etl' };
const model = { ...ref, sql: 'select id, v from t', idColumn: 'id', maxRecords: 1_000 };
const tables = stateTables(ref, 'duckdb');
const stateAggregate = /sum\(hash\(id, fp\)\)/;

/** The destination: id → record, as the changes delivered to it left it. */
type Destination = Map<number, unknown>;

/** A run that dies: every statement from the `at`-th one counted on fails (none: `at` 0). */
class Crash extends Error {}

function crashing(adapter: DuckDbAdapter, at: number) {
  let counted = 0;
  let counting = false;
  const executed: string[] = [];
  const inFlight = new Set<Promise<unknown>>();
  for (const method of ['execute', 'query'] as const) {
    const original = adapter[method].bind(adapter) as (sql: string) => Promise<unknown>;
    (adapter as unknown as Record<string, unknown>)[method] = async (sql: string) => {
      if (counting) counted += 1;
      if (at > 0 && counted >= at) throw new Crash(`died at statement ${at}`);
      executed.push(sql);
      const running = original(sql);
      inFlight.add(running);
      return running.finally(() => inFlight.delete(running));
    };
  }
  return {
    executed,
    /** Waits for the statements still running (closing a connection under one crashes Node). */
    async settled() {
      await Promise.allSettled([...inFlight]);
    },
    /** Counts the statements of `work` (the ones a crash may hit). */
    async counted<T>(work: () => Promise<T>): Promise<T> {
      counting = true;
      try {
        return await work();
      } finally {
        counting = false;
      }
    },
    get statements() {
      return counted;
    },
  };
}

async function stagedChanges(adapter: DuckDbAdapter): Promise<StagedChange[]> {
  const all: StagedChange[] = [];
  for await (const batch of readStaged(adapter, ref, 7)) all.push(...batch);
  return all;
}

function deliver(destination: Destination, changes: StagedChange[]) {
  for (const change of changes) {
    if (change.op === 'deleted') destination.delete(Number(change.id));
    else destination.set(Number(change.id), change.record);
  }
}

/** What the kept state hash says, and what state's rows say (they must agree when kept). */
async function keptAndActual(adapter: DuckDbAdapter) {
  const kept = await keptStateHash(adapter, tables);
  const actual = stateHashOf((await adapter.query(stateHashSql(tables.state)))[0]);
  return { kept, actual };
}

async function expectKeptRight(adapter: DuckDbAdapter) {
  const { kept, actual } = await keptAndActual(adapter);
  if (kept) expect(kept).toEqual(actual);
}

/**
 * The sync, with a crash at the `at`-th statement of its commits (0: no crash): a first sync
 * committed whole (state renamed from staging), then changes committed by the general copy,
 * then changes half acknowledged, half in doubt (sent and applied by the destination, the
 * answer lost). Answers how many statements the commits ran, or 'crashed'.
 */
async function syncWithCrash(file: string, destination: Destination, at: number) {
  const adapter = new DuckDbAdapter(file);
  const run = crashing(adapter, at);
  try {
    const cycle = async (inDoubt: (changes: StagedChange[]) => StagedChange[] = () => []) => {
      const plan = await planDiff(adapter, model);
      const changes = await stagedChanges(adapter);
      deliver(destination, changes);
      const doubtful = new Set(inDoubt(changes).map((change) => change.seq));
      const answered = changes.filter((change) => !doubtful.has(change.seq));
      await run.counted(async () => {
        await recordAcknowledged(adapter, ref, answered);
        if (doubtful.size > 0)
          await markInDoubt(
            adapter,
            ref,
            [...doubtful].map((seq) => [seq, seq]),
          );
        await applyAcknowledged(adapter, ref);
      });
      await expectKeptRight(adapter);
      return plan;
    };
    expect(await cycle()).toMatchObject({ new: 100 });
    // Two no-op plans: the first computes and keeps state's side, the second reads it.
    expect(await cycle()).toMatchObject({ staged: 0 });
    await adapter.execute(`update t set v = v || '!' where id % 10 = 1`);
    await adapter.execute(`delete from t where id % 25 = 2`);
    await adapter.execute(`insert into t select range, 'v' || range from range(100, 104)`);
    expect(await cycle()).toMatchObject({ updated: 10, deleted: 4, new: 4 });
    expect(await cycle()).toMatchObject({ staged: 0 });
    await adapter.execute(`update t set v = v || '?' where id % 10 = 3`);
    await adapter.execute(`delete from t where id % 25 = 4`);
    expect(await cycle((changes) => changes.filter((c) => c.seq % 2 === 0))).toMatchObject({
      updated: 11,
      deleted: 4,
    });
    return run.statements;
  } catch (error) {
    if (error instanceof Crash) return 'crashed';
    throw error;
  } finally {
    await run.settled();
    await adapter.close();
  }
}

/** The next runs after a crash: plan, deliver, commit, until nothing changes. */
async function recover(file: string, destination: Destination): Promise<DiffPlan> {
  const adapter = new DuckDbAdapter(file);
  try {
    for (let run = 0; run < 4; run++) {
      const plan = await planDiff(adapter, model);
      await expectKeptRight(adapter);
      const changes = await stagedChanges(adapter);
      if (changes.length === 0) {
        // The model as the destination must hold it, row by row.
        const rows = await adapter.query(`select id, v from t order by id`);
        expect([...destination].sort(([a], [b]) => a - b)).toEqual(
          rows.map((row) => [Number(row.id), { id: Number(row.id), v: row.v }]),
        );
        return plan;
      }
      deliver(destination, changes);
      await recordAcknowledged(adapter, ref, changes);
      await applyAcknowledged(adapter, ref);
      await expectKeptRight(adapter);
    }
    throw new Error('the destination never converged');
  } finally {
    await adapter.close();
  }
}

function withFile(work: (file: string) => Promise<void>) {
  return async () => {
    const temp = tempHome();
    try {
      const file = path.join(temp.home, 'w.duckdb');
      await runDuckDb(
        file,
        `create table t as select range as id, 'v' || range as v from range(100)`,
      );
      await work(file);
    } finally {
      temp.cleanup();
    }
  };
}

describe('the no-op check reads state’s side from the meta row', () => {
  test(
    'kept across no-op runs and moved by a commit: a no-op plan reads only the model',
    withFile(async (file) => {
      const destination: Destination = new Map();
      expect(await syncWithCrash(file, destination, 0)).toBeGreaterThan(0);
      const adapter = new DuckDbAdapter(file);
      const run = crashing(adapter, 0);
      try {
        // The last commit (half in doubt) forgot it; the plan after that computes it again.
        await planDiff(adapter, model);
        const changes = await stagedChanges(adapter);
        deliver(destination, changes);
        await recordAcknowledged(adapter, ref, changes);
        await applyAcknowledged(adapter, ref);
        expect((await keptAndActual(adapter)).kept).toBeDefined();
        run.executed.length = 0;
        // Moved by the commit, not forgotten: the no-op plan does not read state's aggregate.
        expect(await planDiff(adapter, model)).toMatchObject({ staged: 0 });
        expect(run.executed.some((sql) => stateAggregate.test(sql))).toBe(false);
        expect(run.executed.some((sql) => /full outer join/i.test(sql))).toBe(false);
        // A change after that is still found, with the kept value.
        await adapter.execute(`update t set v = 'x' where id = 5`);
        expect(await planDiff(adapter, model)).toMatchObject({ updated: 1, staged: 1 });
      } finally {
        await adapter.close();
      }
    }),
  );

  test(
    'records unparked, or a reset, forget it',
    withFile(async (file) => {
      expect(await syncWithCrash(file, new Map(), 0)).toBeGreaterThan(0);
      const adapter = new DuckDbAdapter(file);
      try {
        await planDiff(adapter, model);
        await recordAcknowledged(adapter, ref, await stagedChanges(adapter));
        await applyAcknowledged(adapter, ref);
        expect(await planDiff(adapter, model)).toMatchObject({ staged: 0 });
        expect((await keptAndActual(adapter)).kept).toBeDefined();
        await unparkRecords(adapter, ref, [{ recordId: '7', op: 'updated' }]);
        expect((await keptAndActual(adapter)).kept).toBeUndefined();
        expect(await planDiff(adapter, model)).toMatchObject({ updated: 1 });
      } finally {
        await adapter.close();
      }
    }),
  );

  test('a run dying at any statement of its commits leaves it right: the destination converges', async () => {
    const temp = tempHome();
    try {
      const setup = async (name: string) => {
        const file = path.join(temp.home, `${name}.duckdb`);
        await runDuckDb(
          file,
          `create table t as select range as id, 'v' || range as v from range(100)`,
        );
        return file;
      };
      const total = await syncWithCrash(await setup('whole'), new Map(), 0);
      expect(typeof total === 'number' && total > 20).toBe(true);
      for (let at = 1; at <= Number(total); at++) {
        const file = await setup(`crash-${at}`);
        const destination: Destination = new Map();
        expect(await syncWithCrash(file, destination, at)).toBe('crashed');
        expect(await recover(file, destination)).toMatchObject({ staged: 0 });
      }
    } finally {
      temp.cleanup();
    }
  }, 300_000);
});
