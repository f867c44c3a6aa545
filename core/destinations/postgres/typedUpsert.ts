import type { Change } from '../types.js';
import { quoteIdent } from './pgTypes.js';

/** Column types whose input reads a JSON scalar's text as jsonb_to_recordset would hand it over. */
const JSON_TYPES = new Set(['json', 'jsonb']);

/**
 * The upsert as one text array per column (`unnest($1::text[], …)`, each cast to its column's
 * type), the records parsed in Node. PostgreSQL then reads each value with its type's input
 * function, as COPY does, instead of parsing every record as JSON and looking each field up:
 * less than half the server's CPU of json_to_recordset (core/diff/README.md, PostgreSQL first
 * sync). A value goes in as the JSON functions would give it: a string as itself, a number or
 * boolean as its text, a nested value as JSON into a json/jsonb column. Undefined (the caller
 * then sends the rows as JSON) when some value has no such text form: an array-typed column, or
 * a nested value into a column that is not json/jsonb.
 */
export function typedUpsert(
  target: string,
  key: string,
  types: ReadonlyMap<string, string>,
  upserts: readonly Change[],
  names: ReadonlySet<string>,
): { text: string; values: (string | null)[][] } | undefined {
  const typed = typedValues(key, types, upserts, names);
  if (!typed) return undefined;
  const { cols, typeOf, columns } = typed;
  const present = cols.slice(1);
  const list = cols.map(quoteIdent).join(', ');
  const arrays = cols.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = cols.map((_, i) => `c${i}`);
  const casts = aliases.map((a, i) => `u.${a}::${typeOf[i]}`).join(', ');
  const updates = present.map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`);
  return {
    text:
      `insert into ${target} (${list}) select ${casts} from unnest(${arrays}) as u(${aliases.join(', ')}) ` +
      `on conflict (${quoteIdent(key)}) do ${updates.length ? `update set ${updates.join(', ')}` : 'nothing'}`,
    values: columns,
  };
}

/**
 * The key then the other columns, their types, and whether each reads JSON text (json, jsonb):
 * what typedUpsert and copyIn (copyIn.ts) send. Undefined when a column is an array.
 */
export function typedColumns(
  key: string,
  types: ReadonlyMap<string, string>,
  names: ReadonlySet<string>,
): { cols: string[]; typeOf: string[]; asJson: boolean[] } | undefined {
  const present = [...names].filter((name) => name !== key);
  const cols = [key, ...present];
  const typeOf = cols.map((c) => types.get(c) ?? 'text');
  if (typeOf.some((t) => t.endsWith('[]'))) return undefined;
  return { cols, typeOf, asJson: typeOf.map((t) => JSON_TYPES.has(t)) };
}

/**
 * typedColumns, and per column each record's value as the text its type's input function reads
 * (null for SQL null): what typedUpsert sends as arrays. Undefined when a column is an array or
 * some value has no such text form.
 */
export function typedValues(
  key: string,
  types: ReadonlyMap<string, string>,
  upserts: readonly Change[],
  names: ReadonlySet<string>,
): { cols: string[]; typeOf: string[]; columns: (string | null)[][] } | undefined {
  const typed = typedColumns(key, types, names);
  if (!typed) return undefined;
  const { cols, typeOf, asJson } = typed;
  const columns: (string | null)[][] = cols.map(() => new Array<string | null>(upserts.length));
  for (let row = 0; row < upserts.length; row++) {
    const change = upserts[row]!;
    const record = change.record;
    columns[0]![row] = asJson[0] ? JSON.stringify(change.id) : change.id;
    for (let i = 1; i < cols.length; i++) {
      const text = valueText(record[cols[i]!], asJson[i]!);
      if (text === undefined) return undefined;
      columns[i]![row] = text;
    }
  }
  return { cols, typeOf, columns };
}

/**
 * One record's value as the text its column's input function reads: a string as itself, a
 * number or boolean as its text, anything as JSON into a json/jsonb column (`asJson`); null for
 * SQL null (or a missing value); undefined when it has no such text (a nested value otherwise).
 */
export function valueText(value: unknown, asJson: boolean): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (asJson) return JSON.stringify(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
