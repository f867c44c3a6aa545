/**
 * What the analyst must be able to trust (issue 13): a model saved with problems says so, and a
 * schedule never fires behind the analyst's back.
 */
export const sql = /* sql */ `
-- The model's problems when it was last saved (JSON array); null when they could not be checked.
alter table models add column problems text;
-- While set, the scheduler leaves the sync alone (a manual run still works).
alter table syncs add column paused_at text;
-- The schedule's first slot is the next one after this time (creation, schedule change, resume).
alter table syncs add column schedule_from text;
`;
