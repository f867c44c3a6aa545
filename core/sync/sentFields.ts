import type { Db } from '../store/openStore.js';
import type { RecordMapper } from './fieldMapping.js';

/**
 * The fields a sync may have left at a destination that keeps what a record leaves out
 * (`Destination.keepsFieldsNotSent`: a Braze attribute, a HubSpot property, a Segment trait).
 * A column dropped from the model, or a field a mapping no longer fills, would otherwise stay
 * there at its last value for good, while the model has none.
 *
 * The store keeps every field sent since the last run that sent the whole model (succeeded,
 * nothing pending or failed). A field among them the model no longer gives is `cleared`: each
 * new or updated record carries it as null (the service's way to clear it) until such a run. A
 * dropped column changes every record's JSON, so that run resends every record. The fields are
 * noted before anything is sent, so a crash keeps them for the next run.
 */
export function sentFields(db: Db, syncId: string, current: readonly string[]) {
  const row = db.prepare('select fields from sync_sent_fields where sync_id = ?').get(syncId) as
    { fields: string } | undefined;
  const before = row ? (JSON.parse(row.fields) as string[]) : [];
  const now = new Set(current);
  const cleared = before.filter((field) => !now.has(field));
  const write = (fields: readonly string[]) =>
    db
      .prepare(
        `insert into sync_sent_fields (sync_id, fields) values (?, ?)
         on conflict (sync_id) do update set fields = excluded.fields`,
      )
      .run(syncId, JSON.stringify(fields));
  return {
    cleared,
    /** Before the first record leaves: the fields this run may send, and those it clears. */
    sending(): void {
      write([...current, ...cleared]);
    },
    /** The run sent the whole model: every record has gone without the cleared fields. */
    sentWhole(): void {
      if (cleared.length > 0) write(current);
    },
  };
}

/** `mapper`, with the cleared fields as null in every new or updated record. */
export function clearingMapper(mapper: RecordMapper, cleared: readonly string[]): RecordMapper {
  return (op, record) => {
    const out = { ...mapper(op, record) };
    if (op !== 'deleted') for (const field of cleared) out[field] = null;
    return out;
  };
}
