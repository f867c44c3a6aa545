import { DuckDbAdapter } from './duckdbAdapter.js';
import { PostgresAdapter } from './postgresAdapter.js';
import type { WarehouseAdapter, WarehouseConfig } from './types.js';

export function openWarehouse(config: WarehouseConfig): WarehouseAdapter {
  switch (config.kind) {
    case 'duckdb':
      return new DuckDbAdapter(config.path);
    case 'postgres':
      return new PostgresAdapter(config);
  }
}
