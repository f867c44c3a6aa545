import type { WarehouseConfig } from './types.js';

/**
 * Where a warehouse keeps its syncs' state, as a comparable key: the server and database (not
 * the user or password, which only change who connects), the file, or the project. Two configs
 * with different keys hold different state: syncs on the new one start fresh.
 */
export function stateLocation(config: WarehouseConfig, stateSchema: string): string {
  const server = (url: string, withDatabase: boolean) => {
    try {
      const u = new URL(url);
      const port = u.port || (u.protocol.startsWith('mysql') ? '3306' : '5432');
      return `${u.hostname.toLowerCase()}:${port}${withDatabase ? u.pathname : ''}`;
    } catch {
      return url;
    }
  };
  const where = (() => {
    switch (config.kind) {
      case 'duckdb':
        return config.path;
      case 'files':
        return config.statePath;
      case 'postgres':
        return server(config.url, true);
      // MySQL's state schema is a database of its own: the URL's database does not hold it.
      case 'mysql':
        return server(config.url, false);
      case 'snowflake':
        return `${config.account.toLowerCase()}/${config.database}`;
      case 'bigquery':
        return `${config.projectId}/${config.location}`;
    }
  })();
  return `${config.kind}|${where}|${stateSchema}`;
}

/** Why syncs would start fresh after this edit, or null when state stays where it is. */
export function stateMoveReason(
  before: { config: WarehouseConfig; stateSchema: string },
  after: { config: WarehouseConfig; stateSchema: string },
): string | null {
  if (before.stateSchema !== after.stateSchema) {
    return `state moves from schema ${before.stateSchema} to ${after.stateSchema}`;
  }
  if (
    stateLocation(before.config, before.stateSchema) !==
    stateLocation(after.config, after.stateSchema)
  ) {
    return 'the warehouse now points at another server, database or file, where this warehouse keeps no state';
  }
  return null;
}
