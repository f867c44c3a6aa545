/**
 * Staged changes sent to a destination whose answer has not come back yet, by seq range. Noted
 * before a batch leaves and removed when its answer is in (with its acknowledgements, in one
 * transaction). Whatever is left after a crash, a time-out or a cancel is "in doubt": the next
 * plan resends those ids whatever the fingerprints say (core/diff/README.md).
 */
export const sql = /* sql */ `
create table sync_doubts (
  id integer primary key,
  sync_id text not null,
  lo integer not null,
  hi integer not null
);
create index sync_doubts_by_sync on sync_doubts (sync_id);
`;
