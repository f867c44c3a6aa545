import { tmpdir } from 'node:os';
import { warehouseConfigOf } from './kinds.js';
import type { WarehouseConfig } from './types.js';

/**
 * A live test account from the environment, as the settings `ebb warehouse add --kind K --set`
 * takes, in JSON: EBB_TEST_SNOWFLAKE = {"account", "username", "privateKey" (PEM), "warehouse",
 * "database"[, "role", "privateKeyPassphrase"]}; EBB_TEST_BIGQUERY = {"projectId", "credentials"
 * (the key file's JSON, as an object or a string)[, "location", "dataset"]}. Undefined when unset:
 * the suites are then skipped and say so.
 */
export function cloudTestAccount(kind: 'snowflake' | 'bigquery'): WarehouseConfig | undefined {
  const variable = kind === 'snowflake' ? 'EBB_TEST_SNOWFLAKE' : 'EBB_TEST_BIGQUERY';
  const text = process.env[variable];
  if (!text) return undefined;
  const settings = JSON.parse(text) as Record<string, unknown>;
  if (typeof settings.credentials === 'object') {
    settings.credentials = JSON.stringify(settings.credentials);
  }
  return warehouseConfigOf(kind, settings, tmpdir());
}
