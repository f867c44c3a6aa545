/**
 * Sync logs in the warehouse (issue 14, `--log-to-warehouse`): what each logged run attempted,
 * noted in the config store batch by batch (one tiny local insert, in the same transaction as the
 * batch's acknowledgements) until it is written set-based into the warehouse's `record_log` and
 * `run_log` at the end of the run, or by the next run after a crash:
 *
 * - `run_log_pending`: the runs of a logged sync not yet written to the warehouse;
 * - `run_log_notes`: per run, seq ranges of the plan's staging table with what became of them
 *   (`status`, the destination's `error`, when the batch was attempted). A batch on its way is
 *   noted `in_doubt` and replaced by its outcomes when its answer is in.
 */
export const sql = /* sql */ `
create table run_log_pending (
  run_id text primary key,
  sync_id text not null references syncs(id) on delete cascade,
  created_at text not null
);
create index run_log_pending_by_sync on run_log_pending (sync_id, created_at);

create table run_log_notes (
  id integer primary key,
  run_id text not null references run_log_pending(run_id) on delete cascade,
  lo integer not null,
  hi integer not null,
  status text not null,
  error text,
  attempted_at text not null
);
create index run_log_notes_by_run on run_log_notes (run_id);
`;
