import { createHash } from 'node:crypto';
import type { SqlDialectName } from '../values/dialectName.js';
import { quoteIdentIn } from '../values/sqlLiteral.js';

/** Where one sync's state lives: Ebb's own schema in the warehouse, and the sync's key. */
export interface SyncStateRef {
  syncKey: string;
  /** Ebb's schema in the warehouse (default `_ebb_reverse_etl`). */
  stateSchema: string;
}

export const DEFAULT_STATE_SCHEMA = '_ebb_reverse_etl';

/**
 * Table names for a sync: readable (a slug of the key) and collision-free (a hash of it), short
 * enough for PostgreSQL's 63-character names, always quoted (as `dialect` quotes: only BigQuery
 * differs from the standard).
 */
export function stateTables(ref: SyncStateRef, dialect: SqlDialectName = 'postgres') {
  const quoteIdent = (name: string) => quoteIdentIn(dialect, name);
  const slug = ref.syncKey
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 24);
  const hash = createHash('sha256').update(ref.syncKey).digest('hex').slice(0, 10);
  const base = `${slug || 'sync'}_${hash}`;
  const schema = quoteIdent(ref.stateSchema);
  return {
    schemaName: ref.stateSchema,
    schema,
    /** What the destination acknowledged: id, fingerprint and the record sent. */
    state: `${schema}.${quoteIdent(`state_${base}`)}`,
    /** The changes of the latest plan, in delivery order. */
    stage: `${schema}.${quoteIdent(`stage_${base}`)}`,
    /** Seq ranges of the staged changes the destination acknowledged, not yet copied to state. */
    ack: `${schema}.${quoteIdent(`ack_${base}`)}`,
    /** A logged run's outcome ranges on their way into record_log (core/ops/runLogWriter.ts). */
    runLogNotes: `${schema}.${quoteIdent(`runlog_${base}`)}`,
    /** One row per sync: fingerprint tag, id type and the model's columns. */
    meta: `${schema}.${quoteIdent('ebb_sync_meta')}`,
    stateName: `state_${base}`,
    stageName: `stage_${base}`,
    ackName: `ack_${base}`,
    runLogNotesName: `runlog_${base}`,
  };
}
