import path from 'node:path';
import { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { runDuckDb } from './duckdbFile.js';
import { tempHome } from './tempHome.js';

/**
 * A DuckDB warehouse for one test: a file in a temp home made by `create`, its adapter noting
 * every statement it executes (in `executed`), both closed and removed afterwards.
 */
export async function withDuckDbWarehouse<T>(
  create: string,
  work: (adapter: DuckDbAdapter, executed: string[]) => Promise<T>,
): Promise<T> {
  const temp = tempHome();
  try {
    const file = path.join(temp.home, 'w.duckdb');
    await runDuckDb(file, create);
    const adapter = new DuckDbAdapter(file);
    const executed: string[] = [];
    const execute = adapter.execute.bind(adapter);
    adapter.execute = (statement: string) => {
      executed.push(statement);
      return execute(statement);
    };
    try {
      return await work(adapter, executed);
    } finally {
      await adapter.close();
    }
  } finally {
    temp.cleanup();
  }
}
