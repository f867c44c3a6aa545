import { refuseWhileUsed } from '../errors.js';
import { withAbsoluteFolder } from '../destinations/file/absoluteFolder.js';
import { describeDestination, type DestinationConfig } from '../destinations/registry.js';
import type { SecretStore } from '../ports.js';
import { byRef } from './byRef.js';
import type { Db } from './openStore.js';
import { newId, nowIso, writeNamed } from './rows.js';

export interface DestinationRow {
  id: string;
  name: string;
  type: string;
  /** Decrypted on first use only, so listing never needs the secrets. */
  readonly config: DestinationConfig;
  /** Where changes go and the settings, secrets masked: kept in the clear for lists. */
  display: { target: string; settings: Record<string, unknown> };
  createdAt: string;
}

interface RawRow {
  id: string;
  name: string;
  kind: DestinationRow['type'];
  config: string;
  display: string;
  created_at: string;
}

/** Destinations in the config store; their configs (URLs, auth headers) are sealed at rest. */
export function destinationsRepo(db: Db, secrets: SecretStore) {
  const fromRaw = (raw: RawRow): DestinationRow => ({
    id: raw.id,
    name: raw.name,
    type: raw.kind,
    get config() {
      return JSON.parse(secrets.open(raw.config)) as DestinationConfig;
    },
    display: JSON.parse(raw.display) as DestinationRow['display'],
    createdAt: raw.created_at,
  });
  const { find, get, list } = byRef(db, 'destinations', 'destination', fromRaw);
  return {
    find,
    get,
    list,
    add(name: string, given: DestinationConfig): DestinationRow {
      const config = withAbsoluteFolder(given);
      const row: DestinationRow = {
        id: newId(),
        name,
        type: config.type,
        config,
        display: describeDestination(config),
        createdAt: nowIso(),
      };
      writeNamed('destination', name, () =>
        db
          .prepare(
            'insert into destinations (id, name, kind, config, display, created_at) values (?, ?, ?, ?, ?, ?)',
          )
          .run(
            row.id,
            name,
            row.type,
            secrets.seal(JSON.stringify(config)),
            JSON.stringify(row.display),
            row.createdAt,
          ),
      );
      return row;
    },
    /** Renames and/or replaces the config (already validated and merged by the caller). */
    update(id: string, edit: { name?: string; config?: DestinationConfig }): DestinationRow {
      const change = { ...edit, config: edit.config && withAbsoluteFolder(edit.config) };
      const current = get(id);
      const name = change.name ?? current.name;
      writeNamed('destination', name, () => {
        if (change.config) {
          db.prepare(
            'update destinations set name = ?, kind = ?, config = ?, display = ? where id = ?',
          ).run(
            name,
            change.config.type,
            secrets.seal(JSON.stringify(change.config)),
            JSON.stringify(describeDestination(change.config)),
            id,
          );
        } else {
          db.prepare('update destinations set name = ? where id = ?').run(name, id);
        }
      });
      return find(id)!;
    },
    remove(id: string): void {
      const used = db.prepare('select name from syncs where destination_id = ?').all(id);
      refuseWhileUsed('destination', 'sync(s)', used as { name: string }[], 'Delete them first.');
      db.prepare('delete from destinations where id = ?').run(id);
    },
  };
}

export type DestinationsRepo = ReturnType<typeof destinationsRepo>;
