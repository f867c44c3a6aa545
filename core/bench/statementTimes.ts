import type { WarehouseAdapter } from '../warehouse/types.js';

/** One SQL statement run on an adapter: its text, wall and process CPU seconds. */
export interface Timing {
  sql: string;
  wallS: number;
  cpuS: number;
}

/** This process's CPU seconds so far (user + system, every thread: an embedded DuckDB's too). */
export const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/**
 * Wraps the adapter's execute/query so each statement's wall and CPU time is noted in
 * `timings`. Returns a function that puts the adapter's own methods back.
 */
export function timeStatements(adapter: WarehouseAdapter, timings: Timing[]): () => void {
  for (const method of ['execute', 'query'] as const) {
    const original = adapter[method].bind(adapter) as (sql: string) => Promise<unknown>;
    (adapter as unknown as Record<string, unknown>)[method] = async (sql: string) => {
      const wall = performance.now();
      const cpu = cpuSeconds();
      try {
        return await original(sql);
      } finally {
        timings.push({ sql, wallS: (performance.now() - wall) / 1000, cpuS: cpuSeconds() - cpu });
      }
    };
  }
  return () => {
    Reflect.deleteProperty(adapter, 'execute');
    Reflect.deleteProperty(adapter, 'query');
  };
}

/** A statement's text on one line, cut at `width` characters. */
export const oneLine = (sql: string, width = 90) => sql.replace(/\s+/g, ' ').slice(0, width);
