import type { RunError, RunStatus, RunSummary, SentRecord } from '../types.js';
import type { Db } from './openStore.js';
import { processIdentity } from './processIdentity.js';
import { processStillRuns } from './processStillRuns.js';

interface RawRun {
  id: string;
  sync_id: string;
  status: RunStatus;
  trigger: RunSummary['trigger'];
  pid: number | null;
  /** processIdentity of that pid's process, where the system has one. */
  process: string | null;
  summary: string;
  started_at: string;
  finished_at: string | null;
}

/** How many delivered records a run keeps as its "records sent" sample, and how much of each. */
export const SENT_SAMPLE_LIMIT = 50;
export const SENT_RECORD_CHARS = 4096;

/** How many errors a run summary carries; the full log stays in run_errors. */
export const SUMMARY_ERROR_LIMIT = 20;

const fromRaw = (raw: RawRun): RunSummary => JSON.parse(raw.summary) as RunSummary;

/** A run marked running whose process is still the one that started it (not a reused pid). */
const runsStill = (row: Pick<RawRun, 'pid' | 'process'>): boolean =>
  row.pid !== null && processStillRuns(row.pid, row.process);

/** Run history and per-record error logs, kept in the config store. */
export function runsRepo(db: Db) {
  const save = db.prepare(
    `insert into runs (id, sync_id, status, trigger, pid, process, summary, started_at, finished_at)
     values (@runId, @syncId, @status, @trigger, @pid, @process, @summary, @startedAt, @finishedAt)
     on conflict (id) do update set status = excluded.status, summary = excluded.summary,
       finished_at = excluded.finished_at, pid = excluded.pid, process = excluded.process`,
  );
  // This process's identity does not change: read once, when a run first starts.
  let me: string | null | undefined;
  const myIdentity = () => (me ??= processIdentity(process.pid) ?? null);
  const insertError = db.prepare(
    'insert into run_errors (run_id, record_id, reason) values (?, ?, ?)',
  );
  const insertSent = db.prepare(
    'insert into run_sent (run_id, record_id, op, record, cut) values (?, ?, ?, ?, ?)',
  );
  return {
    /** Adds to the run's sample of delivered records, up to SENT_SAMPLE_LIMIT in all. */
    addSent(runId: string, records: readonly Omit<SentRecord, 'cut'>[]): void {
      if (records.length === 0) return;
      db.transaction(() => {
        const { n } = db
          .prepare('select count(*) as n from run_sent where run_id = ?')
          .get(runId) as {
          n: number;
        };
        for (const record of records.slice(0, Math.max(0, SENT_SAMPLE_LIMIT - n))) {
          const cut = record.record.length > SENT_RECORD_CHARS;
          insertSent.run(
            runId,
            record.id,
            record.op,
            cut ? record.record.slice(0, SENT_RECORD_CHARS) : record.record,
            cut ? 1 : 0,
          );
        }
      })();
    },
    sent(runId: string): SentRecord[] {
      return (
        db
          .prepare(
            'select record_id as id, op, record, cut from run_sent where run_id = ? order by rowid',
          )
          .all(runId) as (Omit<SentRecord, 'cut'> & { cut: number })[]
      ).map((row) => ({ ...row, cut: row.cut === 1 }));
    },
    save(run: RunSummary): void {
      const running = run.status === 'running';
      save.run({
        ...run,
        pid: running ? process.pid : null,
        process: running ? myIdentity() : null,
        summary: JSON.stringify(run),
      });
    },
    addErrors(runId: string, errors: readonly RunError[]): void {
      if (errors.length === 0) return;
      db.transaction(() => {
        for (const error of errors) insertError.run(runId, error.id, error.reason);
      })();
    },
    errors(runId: string): RunError[] {
      return (
        db
          .prepare('select record_id as id, reason from run_errors where run_id = ? order by rowid')
          .all(runId) as {
          id: string | null;
          reason: string;
        }[]
      ).map((row) => ({ id: row.id, reason: row.reason }));
    },
    get(runId: string): RunSummary | undefined {
      const raw = db.prepare('select * from runs where id = ?').get(runId) as RawRun | undefined;
      return raw && fromRaw(raw);
    },
    list(syncId: string, limit: number): RunSummary[] {
      return (
        db
          .prepare(
            'select * from runs where sync_id = ? order by started_at desc, rowid desc limit ?',
          )
          .all(syncId, limit) as RawRun[]
      ).map(fromRaw);
    },
    /** Finished scheduled runs, newest first (what the `idle` alert counts). */
    listScheduled(syncId: string, limit: number): RunSummary[] {
      return (
        db
          .prepare(
            `select * from runs where sync_id = ? and trigger = 'schedule' and status <> 'running'
              order by started_at desc, rowid desc limit ?`,
          )
          .all(syncId, limit) as RawRun[]
      ).map(fromRaw);
    },
    latest(syncId: string): RunSummary | undefined {
      const raw = db
        .prepare(
          'select * from runs where sync_id = ? order by started_at desc, rowid desc limit 1',
        )
        .get(syncId) as RawRun | undefined;
      return raw && fromRaw(raw);
    },
    /** A run still marked running whose process is alive: another Ebb is running this sync. */
    runningElsewhere(syncId: string): RunSummary | undefined {
      const rows = db
        .prepare("select * from runs where sync_id = ? and status = 'running'")
        .all(syncId) as RawRun[];
      const live = rows.find((row) => row.pid !== process.pid && runsStill(row));
      return live && fromRaw(live);
    },
    /** Ids of runs marked running whose process is alive (this one included). */
    liveRunIds(): string[] {
      const rows = db
        .prepare("select id, pid, process from runs where status = 'running'")
        .all() as Pick<RawRun, 'id' | 'pid' | 'process'>[];
      return rows.filter(runsStill).map((row) => row.id);
    },
    /**
     * Runs left 'running' by a process that died (a crash, kill -9): marked failed, with the
     * reason, and with what `metered` says they delivered and failed (the summary on file is the
     * one saved before loading began). Answers those this call closed (another process starting
     * at once closes the rest).
     */
    closeAbandoned(
      now: string,
      metered: (runId: string) => { delivered: number; failed: number } = () => ({
        delivered: 0,
        failed: 0,
      }),
    ): RunSummary[] {
      const close = db.prepare(
        `update runs set status = 'failed', summary = ?, finished_at = ?, pid = null, process = null
          where id = ? and status = 'running'`,
      );
      const rows = db.prepare("select * from runs where status = 'running'").all() as RawRun[];
      // This process's own runs still run; a row with its pid but another identity is a dead
      // process's whose pid came round again.
      const abandoned = rows.filter((row) => !runsStill(row));
      const closed: RunSummary[] = [];
      for (const row of abandoned) {
        const saved = fromRaw(row);
        const counted = metered(saved.runId);
        const run: RunSummary = {
          ...saved,
          status: 'failed',
          delivered: Math.max(saved.delivered, counted.delivered),
          failed: Math.max(saved.failed, counted.failed),
          finishedAt: now,
          durationMs: Math.max(0, Date.parse(now) - Date.parse(saved.startedAt)) || 0,
          message:
            'Ebb stopped during this run (crash or kill). Unacknowledged changes are sent again by the next run.',
        };
        if (close.run(JSON.stringify(run), now, run.runId).changes === 1) closed.push(run);
      }
      return closed;
    },
  };
}

export type RunsRepo = ReturnType<typeof runsRepo>;
