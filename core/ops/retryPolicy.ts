import type { StagedChange } from '../diff/types.js';
import type { Clock } from '../ports.js';
import type { Db } from '../store/openStore.js';
import type { SyncOpsRepo } from './syncOpsRepo.js';
import { idText } from '../values/idText.js';

const DAY_MS = 86_400_000;

export interface ParkedRecord {
  recordId: string;
  op: StagedChange['op'];
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  lastError: string;
  quarantinedAt: string;
}

interface RawFailure {
  record_id: string;
  op: StagedChange['op'];
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
  last_error: string;
  quarantined_at: string | null;
}

/**
 * The retry policy (CLI.md `--retry-syncs`, `--retry-days`): a record the destination refuses is
 * retried by the next syncs (it stays different from state), until it has failed in N syncs or
 * for D days, whichever comes first. Then it is parked in quarantine with its last error: its
 * state takes the refused version, so no plan stages it (nor meters it) again until it is
 * replayed, or until the model changes it (a new version is a new attempt).
 *
 * A parked new record the destination never held, later gone from the model, is not sent as a
 * delete: there is nothing to delete (see `neverHeld`).
 */
export function retryPolicy(db: Db, clock: Clock, ops: SyncOpsRepo) {
  const upsert = db.prepare(
    `insert into record_failures (sync_id, record_id, op, attempts, first_failed_at, last_failed_at, last_error, last_run_id)
     values (@syncId, @recordId, @op, 1, @now, @now, @error, @runId)
     on conflict (sync_id, record_id) do update set op = excluded.op,
       attempts = case when record_failures.last_run_id = excluded.last_run_id
                       then record_failures.attempts else record_failures.attempts + 1 end,
       last_failed_at = excluded.last_failed_at, last_error = excluded.last_error,
       last_run_id = excluded.last_run_id, quarantined_at = null
     returning attempts, first_failed_at`,
  );
  const park = db.prepare(
    'update record_failures set quarantined_at = ? where sync_id = ? and record_id = ?',
  );
  const forget = db.prepare('delete from record_failures where sync_id = ? and record_id = ?');
  const count = db.prepare('select count(*) as n from record_failures where sync_id = ?');

  return {
    /** What one run needs: which records to park after a batch, which deletes to skip. */
    forRun(syncId: string, runId: string) {
      const policy = ops.get(syncId);
      let tracked = (count.get(syncId) as { n: number }).n > 0;
      const parkedNew = new Set(
        (
          db
            .prepare(
              `select record_id from record_failures where sync_id = ? and quarantined_at is not null and op = 'new'`,
            )
            .all(syncId) as { record_id: string }[]
        ).map((row) => row.record_id),
      );
      return {
        /** Whether the sync has refused records on file: each delivered id must then be looked at. */
        tracksFailures: () => tracked,
        /** Deletes of parked new records: the destination never held them, so nothing is sent. */
        neverHeld(batch: readonly StagedChange[]): Set<number> {
          const seqs = new Set<number>();
          if (parkedNew.size === 0) return seqs;
          for (const change of batch) {
            const id = idText(change.id);
            if (change.op === 'deleted' && parkedNew.has(id)) {
              seqs.add(change.seq);
              forget.run(syncId, id);
              parkedNew.delete(id);
            }
          }
          return seqs;
        },
        /**
         * After a batch's answer: delivered records leave the failure log, refused ones are
         * counted, and those the policy gives up on are answered, to be committed to state as
         * if acknowledged (parked).
         */
        afterBatch(
          sent: readonly StagedChange[],
          delivered: ReadonlySet<string>,
          failed: readonly { id: string; reason: string }[],
        ): StagedChange[] {
          if (failed.length === 0 && !tracked) return [];
          const now = clock();
          const nowIso = now.toISOString();
          const byId = new Map(sent.map((change) => [idText(change.id), change]));
          const parked: StagedChange[] = [];
          db.transaction(() => {
            if (tracked) for (const id of delivered) forget.run(syncId, id);
            for (const failure of failed) {
              const change = byId.get(failure.id);
              if (!change) continue;
              tracked = true;
              const row = upsert.get({
                syncId,
                recordId: failure.id,
                op: change.op,
                now: nowIso,
                error: failure.reason,
                runId,
              }) as { attempts: number; first_failed_at: string };
              const days = (now.getTime() - Date.parse(row.first_failed_at)) / DAY_MS;
              if (row.attempts >= policy.retrySyncs || days >= policy.retryDays) {
                park.run(nowIso, syncId, failure.id);
                parked.push(change);
              }
            }
          })();
          return parked;
        },
      };
    },

    /** The records parked for a sync, newest first. */
    parked(syncId: string): ParkedRecord[] {
      return (
        db
          .prepare(
            `select * from record_failures where sync_id = ? and quarantined_at is not null
              order by quarantined_at desc, record_id`,
          )
          .all(syncId) as RawFailure[]
      ).map((raw) => ({
        recordId: raw.record_id,
        op: raw.op,
        attempts: raw.attempts,
        firstFailedAt: raw.first_failed_at,
        lastFailedAt: raw.last_failed_at,
        lastError: raw.last_error,
        quarantinedAt: raw.quarantined_at!,
      }));
    },

    /** Takes records out of quarantine (their retry count starts again). */
    release(syncId: string, recordIds: readonly string[]): void {
      db.transaction(() => {
        for (const id of recordIds) forget.run(syncId, id);
      })();
    },

    /** Forgets every failure of a sync (its state was reset: everything is sent again). */
    clear(syncId: string): void {
      db.prepare('delete from record_failures where sync_id = ?').run(syncId);
    },

    /** Records still being retried (failed, not yet parked). */
    retrying(syncId: string): number {
      return (
        db
          .prepare(
            'select count(*) as n from record_failures where sync_id = ? and quarantined_at is null',
          )
          .get(syncId) as { n: number }
      ).n;
    },
  };
}

export type RetryPolicy = ReturnType<typeof retryPolicy>;
/** One run's side of the policy (`forRun`). */
export type RunRetry = ReturnType<RetryPolicy['forRun']>;
