import { BigQueryAdapter } from './bigqueryAdapter.js';
import { DuckDbAdapter } from './duckdbAdapter.js';
import type { DuckDbFiles } from './duckDbFiles.js';
import { FilesAdapter } from './filesAdapter.js';
import { MysqlAdapter } from './mysqlAdapter.js';
import { PostgresAdapter } from './postgresAdapter.js';
import { SnowflakeAdapter } from './snowflakeAdapter.js';
import type { WarehouseAdapter, WarehouseConfig } from './types.js';

/** What adapters of one process share: the core passes its own (never module state). */
export interface WarehouseShared {
  duckDbFiles?: DuckDbFiles;
}

export function openWarehouse(
  config: WarehouseConfig,
  shared: WarehouseShared = {},
): WarehouseAdapter {
  switch (config.kind) {
    case 'duckdb':
      return new DuckDbAdapter(config.path, { files: shared.duckDbFiles });
    case 'postgres':
      return new PostgresAdapter(config);
    case 'mysql':
      return new MysqlAdapter(config);
    case 'files':
      return new FilesAdapter(config, shared.duckDbFiles);
    case 'snowflake':
      return new SnowflakeAdapter(config);
    case 'bigquery':
      return new BigQueryAdapter(config);
  }
}
