import path from 'node:path';
import { expect } from 'vitest';
import { createCore } from '../createCore.js';
import type { DestinationConfig } from '../destinations/registry.js';
import { readDuckDb, runDuckDb } from './duckdbFile.js';
import { spawnSyncRun, waitUntil } from './killableRun.js';
import { tempHome } from './tempHome.js';

/**
 * DESIGN.md's promise, tried the hard way: `ebb sync run` is SIGKILLed at several points (while
 * planning, mid-load, right after the load) of a mirror sync of `rows` records, the model changes
 * between runs (updates, deletes, inserts, then a revert of exactly those, some of them in
 * flight when the process died), and in the end the destination holds exactly the model.
 */

type Row = Record<string, unknown>;

export interface DestinationUnderTest {
  config(): DestinationConfig;
  /** What the destination holds now: id → record. */
  snapshot(): Promise<Map<string, Row>>;
  /** Records that reached it so far (a rising count, for timing kills). */
  landed(): Promise<number>;
  close(): Promise<void>;
}

/** A value as the comparison sees it: numbers and their decimal text alike. */
const same = (value: unknown) => {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return Number.isFinite(Number(text)) ? Number(text) : text;
};

async function expectEqualsModel(warehouse: string, destination: DestinationUnderTest) {
  const model = await readDuckDb(warehouse, 'select user_id, name, score from users');
  const held = await destination.snapshot();
  const missing: string[] = [];
  const stale: string[] = [];
  for (const row of model) {
    const id = String(row.user_id);
    const there = held.get(id);
    if (!there) missing.push(id);
    else if (same(there.name) !== same(row.name) || same(there.score) !== same(row.score))
      stale.push(id);
    held.delete(id);
  }
  const ghosts = [...held.keys()];
  expect({
    missing: missing.slice(0, 10),
    stale: stale.slice(0, 10),
    ghosts: ghosts.slice(0, 10),
  }).toEqual({ missing: [], stale: [], ghosts: [] });
  expect(missing.length + stale.length + ghosts.length).toBe(0);
}

/** Kills `ebb sync run` once `when` says so; answers whether the kill landed before the end. */
async function runAndKill(home: string, when: () => Promise<boolean>): Promise<boolean> {
  const run = spawnSyncRun(home, 'mirror');
  const reached = await waitUntil(when, run.exited);
  if (reached === 'exited') return false;
  await run.kill();
  return true;
}

async function runToTheEnd(home: string): Promise<void> {
  const run = spawnSyncRun(home, 'mirror');
  const code = await run.exited;
  expect(code, run.output()).toBe(0);
}

const delay = (ms: number) => {
  const started = Date.now();
  return () => Promise.resolve(Date.now() - started >= ms);
};

export async function killUntilConverged(
  destination: DestinationUnderTest,
  options: {
    rows: number;
    /** After the first sync converged: how many kills it took. */
    afterFirstSync?: (kills: number) => void;
    /** A stricter look at the destination each time it should equal the model. */
    check?: (warehouse: string) => Promise<void>;
  },
) {
  const { rows, afterFirstSync = () => undefined, check = async () => undefined } = options;
  const { home, cleanup } = tempHome('ebb-kill-');
  const warehouse = path.join(home, 'warehouse.duckdb');
  try {
    await runDuckDb(
      warehouse,
      `create table users as select range as user_id, 'user ' || range as name, range * 1.5 as score from range(${rows})`,
    );
    const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
    try {
      for (const [name, arg] of [
        ['warehouses.add', { kind: 'duckdb', name: 'wh', path: warehouse }],
        [
          'models.add',
          { name: 'users', warehouse: 'wh', sql: 'select * from users', idColumn: 'user_id' },
        ],
        ['destinations.add', { name: 'dest', config: destination.config() }],
        ['syncs.add', { name: 'mirror', model: 'users', destination: 'dest', mode: 'mirror' }],
        // Far beyond what the kills and resends use: this test is about convergence, not quota.
        ['plan.set', { plan: 'custom', limit: 1_000_000_000_000 }],
      ] as const) {
        const answer = await core.dispatch(name, arg as never);
        expect(answer, name).toMatchObject({ ok: true });
      }
    } finally {
      core.close();
    }

    // First sync: killed mid-load, then while planning the resumed run, then right at the end.
    expect(await runAndKill(home, async () => (await destination.landed()) >= rows / 4)).toBe(true);
    await runAndKill(home, delay(1500));
    const before = await destination.landed();
    await runAndKill(home, async () => (await destination.landed()) >= before + rows / 4);
    await runToTheEnd(home);
    await expectEqualsModel(warehouse, destination);
    await check(warehouse);
    afterFirstSync(3);

    // Updates, deletes and inserts; killed mid-load; then exactly those are reverted.
    const changes = [
      `update users set score = -1, name = 'changed' where user_id % 100 = 1`,
      `delete from users where user_id % 200 = 3`,
      `insert into users select range, 'late ' || range, 7 from range(${rows}, ${rows + rows / 200})`,
    ];
    await runDuckDb(warehouse, ...changes);
    const landed = await destination.landed();
    await runAndKill(home, async () => (await destination.landed()) >= landed + rows / 200);
    await runDuckDb(
      warehouse,
      `update users set score = user_id * 1.5, name = 'user ' || user_id where user_id % 100 = 1`,
      `insert into users select range, 'user ' || range, range * 1.5 from range(${rows}) where range % 200 = 3`,
      `delete from users where user_id >= ${rows}`,
    );
    // Killed once more while planning the revert, then allowed to finish.
    await runAndKill(home, delay(800));
    await runToTheEnd(home);
    await expectEqualsModel(warehouse, destination);
    await check(warehouse);

    // Converged means quiet: nothing left in doubt, nothing to send.
    const core2 = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
    try {
      const preview = await core2.dispatch('syncs.preview', { sync: 'mirror', limit: 1 });
      expect(preview).toMatchObject({
        ok: true,
        data: { changes: { new: 0, updated: 0, deleted: 0 } },
      });
    } finally {
      core2.close();
    }
  } finally {
    cleanup();
  }
}
