import type { FieldMapping, SyncMode } from '../types.js';
import { byRef } from './byRef.js';
import type { Db } from './openStore.js';
import { newId, nowIso, writeNamed } from './rows.js';

export interface SyncRow {
  id: string;
  name: string;
  modelId: string;
  destinationId: string;
  mode: SyncMode;
  schedule: string | null;
  maxRecords: number;
  mapping: FieldMapping | null;
  /** Set while the sync's schedule is paused. */
  pausedAt: string | null;
  /** The schedule's first slot is the next one after this time. */
  scheduleFrom: string;
  createdAt: string;
  updatedAt: string;
}

interface RawRow {
  id: string;
  name: string;
  model_id: string;
  destination_id: string;
  mode: SyncMode;
  schedule: string | null;
  max_records: number;
  mapping: string | null;
  paused_at: string | null;
  schedule_from: string | null;
  created_at: string;
  updated_at: string;
}

const fromRaw = (raw: RawRow): SyncRow => ({
  id: raw.id,
  name: raw.name,
  modelId: raw.model_id,
  destinationId: raw.destination_id,
  mode: raw.mode,
  schedule: raw.schedule,
  maxRecords: raw.max_records,
  mapping: raw.mapping ? (JSON.parse(raw.mapping) as FieldMapping) : null,
  pausedAt: raw.paused_at,
  scheduleFrom: raw.schedule_from ?? raw.created_at,
  createdAt: raw.created_at,
  updatedAt: raw.updated_at,
});

export type SyncFields = Omit<
  SyncRow,
  'id' | 'createdAt' | 'updatedAt' | 'pausedAt' | 'scheduleFrom'
>;

const toParams = (row: SyncRow) => ({
  id: row.id,
  name: row.name,
  modelId: row.modelId,
  destinationId: row.destinationId,
  mode: row.mode,
  schedule: row.schedule,
  maxRecords: row.maxRecords,
  scheduleFrom: row.scheduleFrom,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  mapping: row.mapping ? JSON.stringify(row.mapping) : null,
});

export function syncsRepo(db: Db) {
  const rows = byRef(db, 'syncs', 'sync', fromRaw);
  const { get } = rows;
  return {
    ...rows,
    usingModel: (modelId: string): SyncRow[] =>
      (db.prepare('select * from syncs where model_id = ?').all(modelId) as RawRow[]).map(fromRaw),
    /** `at` (the engine's clock) starts the schedule: its first slot is the next one after it. */
    add(fields: SyncFields, at: Date = new Date()): SyncRow {
      const now = nowIso();
      const row: SyncRow = {
        id: newId(),
        ...fields,
        pausedAt: null,
        scheduleFrom: at.toISOString(),
        createdAt: now,
        updatedAt: now,
      };
      writeNamed('sync', fields.name, () =>
        db
          .prepare(
            `insert into syncs (id, name, model_id, destination_id, mode, schedule, max_records, mapping, schedule_from, created_at, updated_at)
           values (@id, @name, @modelId, @destinationId, @mode, @schedule, @maxRecords, @mapping, @scheduleFrom, @createdAt, @updatedAt)`,
          )
          .run(toParams(row)),
      );
      return row;
    },
    /** A changed schedule starts again from `at`: its first slot is the next one after it. */
    update(id: string, fields: SyncFields, at: Date = new Date()): SyncRow {
      const current = get(id);
      const row: SyncRow = { ...current, ...fields, updatedAt: nowIso() };
      if (row.schedule !== current.schedule) row.scheduleFrom = at.toISOString();
      writeNamed('sync', fields.name, () =>
        db
          .prepare(
            `update syncs set name = @name, model_id = @modelId, destination_id = @destinationId, mode = @mode,
             schedule = @schedule, max_records = @maxRecords, mapping = @mapping,
             schedule_from = @scheduleFrom, updated_at = @updatedAt
           where id = @id`,
          )
          .run(toParams(row)),
      );
      return row;
    },
    /** Pauses (at a time) or resumes (null) the schedule; a resumed schedule counts from `at`. */
    setPaused(id: string, pausedAt: Date | null, at: Date = new Date()): SyncRow {
      if (pausedAt) {
        db.prepare('update syncs set paused_at = ? where id = ?').run(pausedAt.toISOString(), id);
      } else {
        db.prepare('update syncs set paused_at = null, schedule_from = ? where id = ?').run(
          at.toISOString(),
          id,
        );
      }
      return get(id);
    },
    remove(id: string): void {
      db.prepare('delete from syncs where id = ?').run(id);
    },
  };
}

export type SyncsRepo = ReturnType<typeof syncsRepo>;
