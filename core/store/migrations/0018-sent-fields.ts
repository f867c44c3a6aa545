/**
 * The fields a sync may have left at a destination that keeps what a record does not send (a
 * Braze attribute, a HubSpot property): every field sent since the last run that sent the whole
 * model. A field the model no longer has is sent as null until such a run (core/sync/sentFields.ts).
 */
export const sql = /* sql */ `
create table sync_sent_fields (
  sync_id text primary key references syncs(id) on delete cascade,
  fields text not null
);
`;
