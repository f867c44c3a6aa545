import { expect } from 'vitest';
import { readDuckDb } from './duckdbFile.js';

type Rows = Map<string, Record<string, unknown>>;

/** Records compared by value: a number and its decimal text alike (3 = "3.0"), keys sorted. */
export const normaliseRecord = (record: Record<string, unknown>) =>
  Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => {
        const value = record[key];
        if (value === null) return [key, null];
        const text = String(value);
        return [key, text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text];
      }),
  );

/** The model's rows as the destination should hold them: id → record. */
export async function modelRows(file: string, sql: string, idColumn: string): Promise<Rows> {
  const rows = await readDuckDb(file, `${sql} order by 1`);
  return new Map(rows.map((row) => [String(row[idColumn]), normaliseRecord(row)]));
}

/** Row by row: the destination holds exactly the model (no id missing, no ghost, none stale). */
export function expectRowsEqual(destination: Rows, model: Rows): void {
  const actual = new Map([...destination].map(([id, record]) => [id, normaliseRecord(record)]));
  const missing = [...model.keys()].filter((id) => !actual.has(id));
  const ghosts = [...actual.keys()].filter((id) => !model.has(id));
  const stale = [...model.keys()].filter(
    (id) => actual.has(id) && JSON.stringify(actual.get(id)) !== JSON.stringify(model.get(id)),
  );
  expect({ missing, ghosts, stale }).toEqual({ missing: [], ghosts: [], stale: [] });
  expect(actual.size).toBe(model.size);
}
