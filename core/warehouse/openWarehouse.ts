import { EbbError } from '../api/errors.js';
import { DuckDbAdapter } from './duckdbAdapter.js';
import type { WarehouseAdapter, WarehouseConfig } from './types.js';

export function openWarehouse(config: WarehouseConfig): WarehouseAdapter {
  switch (config.kind) {
    case 'duckdb':
      return new DuckDbAdapter(config.path);
    case 'postgres':
      throw new EbbError('WAREHOUSE_ERROR', 'PostgreSQL warehouses are not available yet.');
  }
}
