import type { ModelProblem } from '../models/checkModel.js';
import type { SavedModel } from '../types.js';
import { byRef } from './byRef.js';
import type { Db } from './openStore.js';
import { newId, nowIso, writeNamed } from './rows.js';

export interface ModelRow extends SavedModel {
  /** Its problems when last saved or checked, as the check names them. */
  problems: ModelProblem[] | null;
  /** Where the model came from: null when made in the app (migration 0010). */
  origin: ModelOrigin | null;
}

export interface ModelOrigin {
  kind: 'file' | 'dbt';
  /** The file's absolute path, or the dbt node's unique_id. */
  ref: string;
  /** File-backed: the file's content and the model's fields as hashed when last in step. */
  fileHash: string | null;
  syncedHash: string | null;
}

interface RawRow {
  id: string;
  name: string;
  warehouse_id: string;
  sql: string;
  id_column: string;
  timestamp_column: string | null;
  problems: string | null;
  description: string | null;
  origin: 'file' | 'dbt' | null;
  origin_ref: string | null;
  file_hash: string | null;
  synced_hash: string | null;
  created_at: string;
  updated_at: string;
}

const fromRaw = (raw: RawRow): ModelRow => ({
  id: raw.id,
  name: raw.name,
  warehouseId: raw.warehouse_id,
  sql: raw.sql,
  idColumn: raw.id_column,
  timestampColumn: raw.timestamp_column,
  problems: raw.problems === null ? null : (JSON.parse(raw.problems) as ModelProblem[]),
  description: raw.description,
  createdAt: raw.created_at,
  updatedAt: raw.updated_at,
  origin:
    raw.origin && raw.origin_ref
      ? {
          kind: raw.origin,
          ref: raw.origin_ref,
          fileHash: raw.file_hash,
          syncedHash: raw.synced_hash,
        }
      : null,
});

export type ModelFields = Pick<
  ModelRow,
  'name' | 'warehouseId' | 'sql' | 'idColumn' | 'timestampColumn'
> &
  Partial<Pick<ModelRow, 'description'>>;

export function modelsRepo(db: Db) {
  const rows = byRef(db, 'models', 'model', fromRaw);
  const { get } = rows;
  return {
    ...rows,
    add(fields: ModelFields): ModelRow {
      const now = nowIso();
      const row: ModelRow = {
        id: newId(),
        ...fields,
        problems: null,
        description: fields.description ?? null,
        createdAt: now,
        updatedAt: now,
        origin: null,
      };
      writeNamed('model', fields.name, () =>
        db
          .prepare(
            `insert into models (id, name, warehouse_id, sql, id_column, timestamp_column, description, created_at, updated_at)
           values (@id, @name, @warehouseId, @sql, @idColumn, @timestampColumn, @description, @createdAt, @updatedAt)`,
          )
          .run({ ...row, problems: undefined, origin: undefined }),
      );
      return row;
    },
    /** Records what the last check found (null: the warehouse could not be asked). */
    setProblems(id: string, problems: ModelProblem[] | null): ModelRow {
      db.prepare('update models set problems = ? where id = ?').run(
        problems === null ? null : JSON.stringify(problems),
        id,
      );
      return get(id);
    },
    remove(id: string): void {
      db.prepare('delete from models where id = ?').run(id);
    },
    update(id: string, fields: ModelFields): ModelRow {
      const current = get(id);
      const row: ModelRow = {
        ...current,
        ...fields,
        description: fields.description === undefined ? current.description : fields.description,
        updatedAt: nowIso(),
      };
      writeNamed('model', fields.name, () =>
        db
          .prepare(
            `update models set name = @name, warehouse_id = @warehouseId, sql = @sql, id_column = @idColumn,
             timestamp_column = @timestampColumn, description = @description, updated_at = @updatedAt
           where id = @id`,
          )
          .run({ ...row, problems: undefined, origin: undefined }),
      );
      return row;
    },
    /** Links a model to its file or dbt node (null unlinks it), with the hashes last in step. */
    setOrigin(id: string, origin: ModelOrigin | null): void {
      db.prepare(
        `update models set origin = ?, origin_ref = ?, file_hash = ?, synced_hash = ? where id = ?`,
      ).run(
        origin?.kind ?? null,
        origin?.ref ?? null,
        origin?.fileHash ?? null,
        origin?.syncedHash ?? null,
        id,
      );
    },
    byOrigin(kind: ModelOrigin['kind'], ref: string): ModelRow | undefined {
      const raw = db
        .prepare('select * from models where origin = ? and origin_ref = ?')
        .get(kind, ref) as RawRow | undefined;
      return raw && fromRaw(raw);
    },
  };
}

export type ModelsRepo = ReturnType<typeof modelsRepo>;
