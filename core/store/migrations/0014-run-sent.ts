/**
 * A sample of what each run delivered (issue 13 point 11, "records sent"): the first records the
 * destination acknowledged, with their ids, op and the record as sent (JSON text, cut at a few
 * KiB). Kept with the run and removed with it.
 */
export const sql = /* sql */ `
create table run_sent (
  run_id text not null references runs(id) on delete cascade,
  record_id text not null,
  op text not null,
  record text not null,
  cut integer not null default 0
);
create index run_sent_by_run on run_sent (run_id);
`;
