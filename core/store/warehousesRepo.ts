import { refuseWhileUsed } from '../errors.js';
import type { SecretStore } from '../ports.js';
import { maskUrl } from '../secrets/mask.js';
import type { WarehouseConfig } from '../warehouse/types.js';
import { byRef } from './byRef.js';
import type { Db } from './openStore.js';
import { newId, nowIso, writeNamed } from './rows.js';

export interface WarehouseRow {
  id: string;
  name: string;
  kind: WarehouseConfig['kind'];
  /** Decrypted on first use only, so listing never needs the secrets. */
  readonly config: WarehouseConfig;
  /** The file or folder, a URL with its password masked, or account/project: kept in the clear. */
  location: string;
  stateSchema: string;
  createdAt: string;
}

interface RawRow {
  id: string;
  name: string;
  kind: WarehouseConfig['kind'];
  config: string;
  location: string;
  state_schema: string;
  created_at: string;
}

export const DEFAULT_STATE_SCHEMA = '_ebb_reverse_etl';

/** What a warehouse is shown as: its file or folder, or its URL with the password masked. */
export function warehouseLocation(config: WarehouseConfig): string {
  switch (config.kind) {
    case 'duckdb':
      return config.path;
    case 'files':
      return config.dir;
    case 'postgres':
    case 'mysql':
      return maskUrl(config.url);
    case 'snowflake':
      return `${config.username}@${config.account}/${config.database}`;
    case 'bigquery':
      return `${config.projectId} (${config.location})`;
  }
}

/** Warehouses in the config store; connection URLs (they hold passwords) are sealed at rest. */
export function warehousesRepo(db: Db, secrets: SecretStore) {
  const fromRaw = (raw: RawRow): WarehouseRow => ({
    id: raw.id,
    name: raw.name,
    kind: raw.kind,
    get config() {
      return JSON.parse(secrets.open(raw.config)) as WarehouseConfig;
    },
    location: raw.location,
    stateSchema: raw.state_schema,
    createdAt: raw.created_at,
  });

  const list = (): WarehouseRow[] =>
    (db.prepare('select * from warehouses order by created_at, name').all() as RawRow[]).map(
      fromRaw,
    );

  const { find, get } = byRef(db, 'warehouses', 'warehouse', fromRaw);

  return {
    list,
    find,
    get,
    add(name: string, config: WarehouseConfig, stateSchema = DEFAULT_STATE_SCHEMA): WarehouseRow {
      const row: WarehouseRow = {
        id: newId(),
        name,
        kind: config.kind,
        config,
        location: warehouseLocation(config),
        stateSchema,
        createdAt: nowIso(),
      };
      writeNamed('warehouse', name, () =>
        db
          .prepare(
            'insert into warehouses (id, name, kind, config, location, state_schema, created_at) values (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            row.id,
            row.name,
            row.kind,
            secrets.seal(JSON.stringify(config)),
            row.location,
            row.stateSchema,
            row.createdAt,
          ),
      );
      return row;
    },
    /** Renames, replaces the config (validated and merged by the caller) or the state schema. */
    update(
      id: string,
      edit: { name?: string; config?: WarehouseConfig; stateSchema?: string },
    ): WarehouseRow {
      const current = get(id);
      const name = edit.name ?? current.name;
      const stateSchema = edit.stateSchema ?? current.stateSchema;
      writeNamed('warehouse', name, () => {
        if (edit.config) {
          db.prepare(
            'update warehouses set name = ?, config = ?, location = ?, state_schema = ? where id = ?',
          ).run(
            name,
            secrets.seal(JSON.stringify(edit.config)),
            warehouseLocation(edit.config),
            stateSchema,
            id,
          );
        } else {
          db.prepare('update warehouses set name = ?, state_schema = ? where id = ?').run(
            name,
            stateSchema,
            id,
          );
        }
      });
      return find(id)!;
    },
    remove(id: string): void {
      const used = db.prepare('select name from models where warehouse_id = ?').all(id);
      refuseWhileUsed(
        'warehouse',
        'model(s)',
        used as { name: string }[],
        'Delete or move them first.',
      );
      db.prepare('delete from warehouses where id = ?').run(id);
    },
  };
}

export type WarehousesRepo = ReturnType<typeof warehousesRepo>;
