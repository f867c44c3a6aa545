import { notFound } from '../errors.js';
import type { Db } from './openStore.js';

/**
 * The rows of one table of named things, looked up as the API's callers name them (by id or by
 * name): `find` answers undefined for an unknown one, `get` a NOT_FOUND error naming `what` and
 * the `ebb … list` that lists them, `list` all of them by name.
 */
export function byRef<Raw, Row>(
  db: Db,
  table: 'models' | 'syncs' | 'destinations' | 'warehouses',
  what: 'model' | 'sync' | 'destination' | 'warehouse',
  fromRaw: (raw: Raw) => Row,
) {
  const find = (ref: string): Row | undefined => {
    const raw = db.prepare(`select * from ${table} where id = ? or name = ?`).get(ref, ref) as
      Raw | undefined;
    return raw === undefined ? undefined : fromRaw(raw);
  };
  const listHint = `See the ${what === 'model' ? 'saved' : 'configured'} ones with \`ebb ${what} list\`.`;
  const get = (ref: string): Row => {
    const row = find(ref);
    if (!row) throw notFound(what, ref, listHint);
    return row;
  };
  const list = (): Row[] =>
    (db.prepare(`select * from ${table} order by name`).all() as Raw[]).map(fromRaw);
  return { find, get, list };
}
