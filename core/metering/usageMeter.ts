/**
 * UsageMeter — every record a sync attempts (delivered or failed) counts once per destination in
 * the billing cycle; rejected records (null/duplicate id, over a size limit) are never metered.
 *
 * Quota is RESERVED before records leave, inside one `BEGIN IMMEDIATE` SQLite transaction, so
 * the cycle's usage never passes the plan's limit — not with concurrent batches, not with two
 * processes (app + `ebb scheduler`) on one home.
 *
 * Per sync run, the engine does:
 *
 * ```ts
 * const meter = usageMeter(db, { clock });           // one per core, next to the repos
 * meter.settleAbandoned(runIdsOfLiveRuns);            // once at start-up (crash recovery)
 * try {
 *   for (const batch of stagedBatches) {              // rejected records are already filtered out
 *     const r = meter.reserve({ runId, syncId, destinationId, requested: batch.length });
 *     if (r.granted === 0) break;                     // limit reached: run ends 'paused',
 *                                                     // every unsent change counts as pending
 *     const sendable = batch.slice(0, r.granted);     // a partial grant sends the first part only;
 *                                                     // the rest is pending
 *     const result = await destination.send(sendable); // retries inside send() are NOT new attempts
 *     meter.settle(r.reservationId, { delivered: result.delivered, failed: result.failed });
 *     commitState(result.acknowledged);
 *   }
 * } finally {
 *   meter.closeRun(runId);  // any reservation whose settle never ran counts as processed in full
 * }
 * ```
 *
 * - `granted ≤ requested`; `granted === 0` (and `reservationId === null`) once the limit is reached.
 * - `settle` turns the reservation into metered counts; `delivered + failed` may be less than
 *   `granted` (the unused part returns to the quota) but never more. Settling twice is a no-op
 *   that returns the first outcome.
 * - A reservation counts against the quota from the moment it is granted. If the process dies
 *   between reserve and settle, the reservation keeps counting; `settleAbandoned(live)` (or
 *   `closeRun`) later meters it as `unconfirmed` = granted — at-least-once delivery means those
 *   records were attempted. Nothing is lost and nothing is counted twice.
 * - A reservation belongs to the cycle and local day it was granted in, even if settled later.
 * - One reservation may cover several destination requests (reserve 10,000, send 10 batches of
 *   1,000, settle once); it must stay within one destination.
 * - Settle right after the send, before committing state: if the process dies in between, the
 *   records are sent again next run and metered again — they were attempted twice.
 * - `settle(null, …)` is a no-op; `status()` is the pre-run check (`paused`, `cycleEnd` for the
 *   message). A UsageMeter satisfies the engine's `QuotaMeter` (core/sync/quota.ts) as is.
 */
import { randomUUID } from 'node:crypto';
import { EbbError } from '../errors.js';
import { systemClock, type Clock } from '../ports.js';
import type { Db } from '../store/openStore.js';
import { cycleFor, localDay, type BillingCycle } from './billingCycle.js';
import { monthlyLimit, planRepo, type Plan, type PlanRepo } from './plans.js';

export interface ReserveRequest {
  runId: string;
  syncId: string;
  destinationId: string;
  /** Records about to be attempted. */
  requested: number;
  /** Defaults to the meter's clock (EBB_NOW). */
  now?: Date;
}

export interface Reservation {
  /** Pass to settle(); null when nothing was granted. */
  reservationId: string | null;
  granted: number;
  limit: number;
  /** The cycle's usage including this reservation. */
  used: number;
  remaining: number;
  cycleStart: string;
  cycleEnd: string;
}

export interface SettleCounts {
  delivered: number;
  failed: number;
}

export interface SettleOutcome {
  delivered: number;
  failed: number;
  /** Metered as attempted with unknown outcome (set only by settleAbandoned/closeRun). */
  unconfirmed: number;
  /** Granted but not used: returned to the quota. */
  released: number;
  /** True when this reservation had already been settled: nothing changed. */
  alreadySettled: boolean;
}

export interface UsageStatus {
  plan: Plan;
  cycle: BillingCycle;
  /** `cycle.startIso`, `cycle.endIso`: when the quota was last / is next renewed. */
  cycleStart: string;
  cycleEnd: string;
  limit: number;
  /** Metered records plus open reservations in the cycle. */
  used: number;
  /** Open reservations (records in flight) included in `used`. */
  reserved: number;
  remaining: number;
  paused: boolean;
}

export interface MeterOptions {
  clock?: Clock;
  plans?: PlanRepo;
}

interface ReservationRow {
  id: string;
  run_id: string;
  sync_id: string;
  destination_id: string;
  day: string;
  granted: number;
  state: 'open' | 'settled';
  delivered: number;
  failed: number;
  unconfirmed: number;
}

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

export function usageMeter(db: Db, options: MeterOptions = {}) {
  const clock = options.clock ?? systemClock;
  const plans = options.plans ?? planRepo(db);

  const meteredSql = db.prepare(
    'select coalesce(sum(delivered + failed + unconfirmed), 0) as n from usage_meter where day >= ? and day < ?',
  );
  const reservedSql = db.prepare(
    "select coalesce(sum(granted), 0) as n from usage_reservations where state = 'open' and day >= ? and day < ?",
  );
  const insertReservation = db.prepare(
    `insert into usage_reservations (id, run_id, sync_id, destination_id, day, granted, reserved_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const findReservation = db.prepare('select * from usage_reservations where id = ?');
  const markSettled = db.prepare(
    `update usage_reservations set state = 'settled', delivered = ?, failed = ?, unconfirmed = ?, settled_at = ?
     where id = ? and state = 'open'`,
  );
  const addToMeter = db.prepare(
    `insert into usage_meter (day, destination_id, sync_id, run_id, delivered, failed, unconfirmed)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (day, destination_id, sync_id, run_id) do update set
       delivered = delivered + excluded.delivered,
       failed = failed + excluded.failed,
       unconfirmed = unconfirmed + excluded.unconfirmed`,
  );
  const openOfRun = db.prepare(
    "select * from usage_reservations where run_id = ? and state = 'open' order by reserved_at",
  );
  const pruneRun = db.prepare(
    "delete from usage_reservations where run_id = ? and state = 'settled'",
  );
  const runsWithReservations = db.prepare('select distinct run_id from usage_reservations');
  const meteredOfRun = db.prepare(
    `select coalesce(sum(delivered), 0) as delivered, coalesce(sum(failed), 0) as failed
     from usage_meter where run_id = ?`,
  );

  // The cycle holding `now` is the last one as long as `now` is inside it (computing it formats
  // dates in the plan's time zone, ~0.1 ms, before every batch otherwise).
  let lastCycle: BillingCycle | undefined;
  const cycleOf = (now: Date, plan: Plan): BillingCycle => {
    const last = lastCycle;
    if (
      last?.cycleDay === plan.cycleDay &&
      last.timeZone === plan.timeZone &&
      now >= last.start &&
      now < last.end
    ) {
      return last;
    }
    return (lastCycle = cycleFor(now, plan.cycleDay, plan.timeZone));
  };

  const status = (now: Date = clock()): UsageStatus => {
    const plan = plans.get();
    const cycle = cycleOf(now, plan);
    const limit = monthlyLimit(plan);
    const metered = (meteredSql.get(cycle.startDay, cycle.endDay) as { n: number }).n;
    const reserved = (reservedSql.get(cycle.startDay, cycle.endDay) as { n: number }).n;
    const used = metered + reserved;
    return {
      plan,
      cycle,
      cycleStart: cycle.startIso,
      cycleEnd: cycle.endIso,
      limit,
      used,
      reserved,
      remaining: Math.max(0, limit - used),
      paused: used >= limit,
    };
  };

  const settleRow = (row: ReservationRow, counts: SettleCounts & { unconfirmed: number }) => {
    const now = clock().toISOString();
    markSettled.run(counts.delivered, counts.failed, counts.unconfirmed, now, row.id);
    if (counts.delivered + counts.failed + counts.unconfirmed > 0) {
      addToMeter.run(
        row.day,
        row.destination_id,
        row.sync_id,
        row.run_id,
        counts.delivered,
        counts.failed,
        counts.unconfirmed,
      );
    }
  };

  /** Meters every open reservation of the run as unconfirmed; prunes its settled rows. */
  const closeRunInTx = (runId: string): { reservations: number; records: number } => {
    const open = openOfRun.all(runId) as ReservationRow[];
    let records = 0;
    for (const row of open) {
      settleRow(row, { delivered: 0, failed: 0, unconfirmed: row.granted });
      records += row.granted;
    }
    pruneRun.run(runId);
    return { reservations: open.length, records };
  };

  const reserveTx = db.transaction((request: ReserveRequest): Reservation => {
    const now = request.now ?? clock();
    const current = status(now);
    const granted = Math.min(request.requested, current.remaining);
    let reservationId: string | null = null;
    if (granted > 0) {
      reservationId = randomUUID();
      insertReservation.run(
        reservationId,
        request.runId,
        request.syncId,
        request.destinationId,
        localDay(now, current.plan.timeZone),
        granted,
        now.toISOString(),
      );
    }
    const used = current.used + granted;
    return {
      reservationId,
      granted,
      limit: current.limit,
      used,
      remaining: Math.max(0, current.limit - used),
      cycleStart: current.cycle.startIso,
      cycleEnd: current.cycle.endIso,
    };
  });

  const settleTx = db.transaction((reservationId: string, counts: SettleCounts): SettleOutcome => {
    const row = findReservation.get(reservationId) as ReservationRow | undefined;
    if (!row) {
      throw new EbbError(
        'NOT_FOUND',
        `No usage reservation "${reservationId}" (its run was closed, or it was never granted).`,
      );
    }
    if (row.state === 'settled') {
      return {
        delivered: row.delivered,
        failed: row.failed,
        unconfirmed: row.unconfirmed,
        released: row.granted - row.delivered - row.failed - row.unconfirmed,
        alreadySettled: true,
      };
    }
    const { delivered, failed } = counts;
    if (!isCount(delivered) || !isCount(failed) || delivered + failed > row.granted) {
      throw new EbbError(
        'INVALID_ARGUMENT',
        `A reservation of ${row.granted} records cannot settle ${delivered} delivered + ${failed} failed: ` +
          'send at most the granted number of records per reservation.',
      );
    }
    settleRow(row, { delivered, failed, unconfirmed: 0 });
    return {
      delivered,
      failed,
      unconfirmed: 0,
      released: row.granted - delivered - failed,
      alreadySettled: false,
    };
  });

  const closeRunTx = db.transaction(closeRunInTx);

  const settleAbandonedTx = db.transaction((live: ReadonlySet<string>) => {
    const runs = (runsWithReservations.all() as { run_id: string }[])
      .map((r) => r.run_id)
      .filter((runId) => !live.has(runId));
    let reservations = 0;
    let records = 0;
    for (const runId of runs) {
      const closed = closeRunInTx(runId);
      reservations += closed.reservations;
      records += closed.records;
    }
    return { runs: runs.length, reservations, records };
  });

  return {
    /** Takes quota for up to `requested` records; see the protocol at the top of this file. */
    reserve(request: ReserveRequest): Reservation {
      if (!isCount(request.requested)) {
        throw new EbbError(
          'INVALID_ARGUMENT',
          `Requested records must be a whole number of 0 or more (got ${request.requested}).`,
        );
      }
      // IMMEDIATE takes the write lock before reading usage, so no other connection can slip a
      // reservation in between our read and our insert.
      return reserveTx.immediate(request);
    },
    /**
     * Meters what the batch attempted; idempotent. A null id (nothing was granted) is a no-op,
     * so the engine may pass `reserve(...).reservationId` through unconditionally.
     */
    settle(reservationId: string | null, counts: SettleCounts): SettleOutcome {
      if (reservationId === null) {
        return { delivered: 0, failed: 0, unconfirmed: 0, released: 0, alreadySettled: false };
      }
      return settleTx.immediate(reservationId, counts);
    },
    /**
     * The run is over: meter its never-settled reservations as processed in full (unconfirmed)
     * and forget its settled ones. Call in the run's `finally`; no settle() for it afterwards.
     */
    closeRun(runId: string): { reservations: number; records: number } {
      return closeRunTx.immediate(runId);
    },
    /**
     * Crash recovery: closes every run with reservations that is not in `runIdsStillRunning`.
     * Call at start-up (and whenever a run is found dead) with the ids of runs still alive.
     */
    settleAbandoned(runIdsStillRunning: Iterable<string>): {
      runs: number;
      reservations: number;
      records: number;
    } {
      return settleAbandonedTx.immediate(new Set(runIdsStillRunning));
    },
    /**
     * What a run's settled batches metered: the counts of a run its process died in, whose own
     * summary never got them (a scan of the meter; used at start-up for such runs only).
     */
    meteredForRun(runId: string): { delivered: number; failed: number } {
      return meteredOfRun.get(runId) as { delivered: number; failed: number };
    },
    /** The current cycle's limit and usage (open reservations included); pause when `paused`. */
    status,
  };
}

export type UsageMeter = ReturnType<typeof usageMeter>;
