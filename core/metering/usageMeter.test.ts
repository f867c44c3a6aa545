import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openStore, type Db } from '../store/openStore.js';
import type { QuotaMeter } from '../sync/quota.js';
import { storePerTest } from '../testing/storePerTest.js';
import { planRepo, type PlanConfig } from './plans.js';
import { usageMeter } from './usageMeter.js';

const stores = storePerTest();

/** A store with a plan and a meter whose clock the test moves. */
function setup(plan: PlanConfig = { plan: 'custom', limit: 1_000, timeZone: 'UTC' }) {
  const { db, home } = stores.open();
  planRepo(db).set(plan);
  const clock = { now: new Date('2026-03-10T12:00:00Z') };
  const meter = usageMeter(db, { clock: () => clock.now });
  return { db, home, clock, meter };
}

const batch = { runId: 'run-1', syncId: 'sync-1', destinationId: 'dest-1' };

const meterRows = (db: Db) =>
  db.prepare('select * from usage_meter order by day, destination_id, run_id').all();
const openReservations = (db: Db) =>
  (
    db.prepare("select count(*) as n from usage_reservations where state = 'open'").get() as {
      n: number;
    }
  ).n;

describe('the quota', () => {
  test('limit 1,000: 1,500 requested in batches gets exactly 1,000, then nothing', () => {
    const { meter } = setup();
    const grants: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = meter.reserve({ ...batch, requested: 300 });
      grants.push(r.granted);
      if (r.reservationId) meter.settle(r.reservationId, { delivered: r.granted, failed: 0 });
    }
    expect(grants).toEqual([300, 300, 300, 100, 0]);
    expect(grants.reduce((a, b) => a + b, 0)).toBe(1_000);
    const last = meter.reserve({ ...batch, requested: 1 });
    expect(last).toMatchObject({ reservationId: null, granted: 0, used: 1_000, remaining: 0 });
    expect(meter.status()).toMatchObject({ limit: 1_000, used: 1_000, paused: true });
  });

  test('the next billing cycle has the full quota again; the old cycle keeps its usage', () => {
    const { meter, clock } = setup();
    const r = meter.reserve({ ...batch, requested: 1_500 });
    expect(r.granted).toBe(1_000);
    meter.settle(r.reservationId ?? '', { delivered: 1_000, failed: 0 });
    expect(meter.reserve({ ...batch, requested: 10 }).granted).toBe(0);

    clock.now = new Date('2026-04-01T00:00:00Z');
    const next = meter.reserve({ ...batch, requested: 1_500 });
    expect(next).toMatchObject({ granted: 1_000, cycleStart: '2026-04-01T00:00:00.000Z' });
    expect(meter.status(new Date('2026-03-31T23:59:59Z')).used).toBe(1_000);
  });

  test('failed records count; granted-but-unused records return to the quota', () => {
    const { meter, db } = setup();
    const r = meter.reserve({ ...batch, requested: 400 });
    const outcome = meter.settle(r.reservationId ?? '', { delivered: 250, failed: 100 });
    expect(outcome).toEqual({
      delivered: 250,
      failed: 100,
      unconfirmed: 0,
      released: 50,
      alreadySettled: false,
    });
    expect(meter.status()).toMatchObject({ used: 350, reserved: 0, remaining: 650 });
    expect(meterRows(db)).toEqual([
      {
        day: '2026-03-10',
        destination_id: 'dest-1',
        sync_id: 'sync-1',
        run_id: 'run-1',
        delivered: 250,
        failed: 100,
        unconfirmed: 0,
      },
    ]);
  });

  test('an open reservation counts against the quota until it is settled', () => {
    const { meter } = setup();
    const a = meter.reserve({ ...batch, requested: 700 });
    expect(meter.status()).toMatchObject({ used: 700, reserved: 700 });
    expect(meter.reserve({ ...batch, requested: 700 }).granted).toBe(300);
    meter.settle(a.reservationId ?? '', { delivered: 0, failed: 0 });
    expect(meter.status()).toMatchObject({ used: 300, reserved: 300 });
  });

  test('settle is idempotent and never meters more than was granted', () => {
    const { meter } = setup();
    const r = meter.reserve({ ...batch, requested: 100 });
    const id = r.reservationId ?? '';
    expect(() => meter.settle(id, { delivered: 90, failed: 20 })).toThrow(/at most the granted/);
    expect(() => meter.settle(id, { delivered: -1, failed: 0 })).toThrow(/cannot settle/);
    meter.settle(id, { delivered: 90, failed: 10 });
    const again = meter.settle(id, { delivered: 1, failed: 1 });
    expect(again).toMatchObject({ delivered: 90, failed: 10, alreadySettled: true });
    expect(meter.status().used).toBe(100);
    expect(() => meter.settle('no-such-id', { delivered: 0, failed: 0 })).toThrow(/No usage/);
  });

  test('the meter is the quota the sync engine takes', () => {
    const { meter } = setup();
    const quota: QuotaMeter = meter;
    expect(quota.status()).toMatchObject({
      limit: 1_000,
      used: 0,
      remaining: 1_000,
      cycleEnd: '2026-04-01T00:00:00.000Z',
    });
  });

  test('requests are whole numbers; 0 requested grants 0 without a reservation', () => {
    const { meter, db } = setup();
    const none = meter.reserve({ ...batch, requested: 0 });
    expect(none).toMatchObject({ granted: 0, reservationId: null });
    expect(meter.settle(none.reservationId, { delivered: 0, failed: 0 })).toMatchObject({
      released: 0,
    });
    expect(() => meter.reserve({ ...batch, requested: 1.5 })).toThrow(/whole number/);
    expect(openReservations(db)).toBe(0);
  });

  test('a lowered plan pauses at once; a zero limit never grants', () => {
    const { meter, db } = setup();
    const r = meter.reserve({ ...batch, requested: 800 });
    meter.settle(r.reservationId ?? '', { delivered: 800, failed: 0 });
    planRepo(db).set({ plan: 'custom', limit: 500, timeZone: 'UTC' });
    expect(meter.status()).toMatchObject({ used: 800, remaining: 0, paused: true });
    expect(meter.reserve({ ...batch, requested: 1 }).granted).toBe(0);
    planRepo(db).set({ plan: 'custom', limit: 0, timeZone: 'UTC' });
    expect(meter.reserve({ ...batch, requested: 1 }).granted).toBe(0);
  });
});

describe('per destination, sync, run and day', () => {
  test('each destination and run gets its own rows, on the local day in the plan time zone', () => {
    const { meter, db, clock } = setup({ plan: 'teams', timeZone: 'Asia/Kolkata' });
    // 20:00 UTC on the 1st is already the 2nd in Kolkata.
    clock.now = new Date('2026-03-01T20:00:00Z');
    for (const destinationId of ['dest-a', 'dest-b']) {
      const r = meter.reserve({ runId: 'run-7', syncId: 'sync-x', destinationId, requested: 10 });
      meter.settle(r.reservationId ?? '', { delivered: 9, failed: 1 });
    }
    const again = meter.reserve({
      runId: 'run-7',
      syncId: 'sync-x',
      destinationId: 'dest-a',
      requested: 5,
    });
    meter.settle(again.reservationId ?? '', { delivered: 5, failed: 0 });
    expect(meterRows(db)).toEqual([
      {
        day: '2026-03-02',
        destination_id: 'dest-a',
        sync_id: 'sync-x',
        run_id: 'run-7',
        delivered: 14,
        failed: 1,
        unconfirmed: 0,
      },
      {
        day: '2026-03-02',
        destination_id: 'dest-b',
        sync_id: 'sync-x',
        run_id: 'run-7',
        delivered: 9,
        failed: 1,
        unconfirmed: 0,
      },
    ]);
  });

  test('a batch reserved in the last second of a cycle belongs to that cycle even if settled later', () => {
    const { meter, clock } = setup();
    clock.now = new Date('2026-03-31T23:59:59Z');
    const r = meter.reserve({ ...batch, requested: 600 });
    clock.now = new Date('2026-04-01T00:00:05Z');
    meter.settle(r.reservationId ?? '', { delivered: 600, failed: 0 });
    expect(meter.status().used).toBe(0);
    expect(meter.status(new Date('2026-03-31T12:00:00Z')).used).toBe(600);
  });
});

describe('crashes between reserve and settle', () => {
  test('an unsettled reservation of a dead run is metered once, in full, as unconfirmed', () => {
    const { meter, home, db } = setup();
    const settled = meter.reserve({ ...batch, requested: 100 });
    meter.settle(settled.reservationId ?? '', { delivered: 100, failed: 0 });
    meter.reserve({ ...batch, requested: 200 }); // the process dies before settle
    db.close();

    const reopened = openStore(home);
    stores.defer(() => reopened.close());
    const after = usageMeter(reopened, { clock: () => new Date('2026-03-10T13:00:00Z') });
    // Not lost while nobody has cleaned up yet...
    expect(after.status()).toMatchObject({ used: 300, reserved: 200 });
    const live = after.reserve({
      runId: 'run-2',
      syncId: 'sync-1',
      destinationId: 'dest-1',
      requested: 50,
    });

    // ...and counted once after clean-up, which leaves live runs alone.
    expect(after.settleAbandoned(['run-2'])).toEqual({ runs: 1, reservations: 1, records: 200 });
    expect(after.settleAbandoned(['run-2'])).toEqual({ runs: 0, reservations: 0, records: 0 });
    expect(after.status()).toMatchObject({ used: 350, reserved: 50 });
    expect(meterRows(reopened)).toEqual([
      {
        day: '2026-03-10',
        destination_id: 'dest-1',
        sync_id: 'sync-1',
        run_id: 'run-1',
        delivered: 100,
        failed: 0,
        unconfirmed: 200,
      },
    ]);
    // The live run settles normally.
    expect(
      after.settle(live.reservationId ?? '', { delivered: 50, failed: 0 }).alreadySettled,
    ).toBe(false);
    expect(after.status()).toMatchObject({ used: 350, reserved: 0 });
  });

  test('closeRun meters what the run left open and forgets its settled reservations', () => {
    const { meter, db } = setup();
    const a = meter.reserve({ ...batch, requested: 100 });
    meter.settle(a.reservationId ?? '', { delivered: 60, failed: 0 });
    meter.reserve({ ...batch, requested: 30 }); // an exception skipped settle
    expect(meter.closeRun('run-1')).toEqual({ reservations: 1, records: 30 });
    expect(meter.closeRun('run-1')).toEqual({ reservations: 0, records: 0 });
    expect(meter.status().used).toBe(90);
    expect(db.prepare('select count(*) as n from usage_reservations').get()).toEqual({ n: 0 });
  });
});

describe('concurrency', () => {
  test('interleaved batches of many runs never pass the limit', async () => {
    const { meter } = setup();
    let granted = 0;
    const worker = async (n: number) => {
      for (;;) {
        const r = meter.reserve({
          runId: `run-${n}`,
          syncId: `sync-${n % 3}`,
          destinationId: `dest-${n % 2}`,
          requested: 37,
        });
        if (!r.reservationId) return;
        granted += r.granted;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        meter.settle(r.reservationId, { delivered: r.granted - 1, failed: 1 });
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => worker(n)));
    expect(granted).toBe(1_000);
    expect(meter.status()).toMatchObject({ used: 1_000, reserved: 0, paused: true });
  });

  test('processes sharing one store never pass the limit together', async () => {
    const { home, meter } = setup();
    const go = path.join(home, 'go');
    const module = pathToFileURL(path.resolve('core/metering/usageMeter.ts')).href;
    const store = pathToFileURL(path.resolve('core/store/openStore.ts')).href;
    const script = (n: number) => `
      const fs = await import('node:fs');
      const { usageMeter } = await import(${JSON.stringify(module)});
      const { openStore } = await import(${JSON.stringify(store)});
      const db = openStore(${JSON.stringify(home)});
      const meter = usageMeter(db, { clock: () => new Date('2026-03-10T12:00:00Z') });
      console.log('ready');
      while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
      let granted = 0;
      for (;;) {
        const r = meter.reserve({ runId: 'p${n}', syncId: 's', destinationId: 'd', requested: 13 });
        if (!r.reservationId) break;
        granted += r.granted;
        await new Promise((r) => setTimeout(r, 1)); // the batch is in flight
        meter.settle(r.reservationId, { delivered: r.granted, failed: 0 });
      }
      db.close();
      console.log('granted ' + granted);
    `;
    const children = Array.from({ length: 4 }, (_, n) => {
      const child = spawn(process.execPath, [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script(n),
      ]);
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const ready = new Promise<void>((resolve) => {
        const check = () => (out.includes('ready') ? resolve() : setTimeout(check, 5));
        check();
      });
      const done = new Promise<number>((resolve, reject) =>
        child.on('exit', (code) => {
          const match = /granted (\d+)/.exec(out);
          if (code === 0 && match) resolve(Number(match[1]));
          else reject(new Error(`child ${n} exited ${code}: ${err}`));
        }),
      );
      return { ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    fs.writeFileSync(go, '');
    const grants = await Promise.all(children.map((c) => c.done));
    expect(grants.reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(grants.filter((g) => g > 0).length).toBeGreaterThan(1);
    expect(meter.status()).toMatchObject({ used: 1_000, paused: true });
  });
});
