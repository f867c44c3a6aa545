import { tmpdir } from 'node:os';
import { warehouseConfigOf } from './kinds.js';
import type { WarehouseConfig } from './types.js';

/** Each cloud kind's variable, and the settings its JSON holds (as the skip warning names them). */
const ACCOUNTS = {
  snowflake: {
    label: 'Snowflake',
    variable: 'EBB_TEST_SNOWFLAKE',
    settings: 'account, username, privateKey, warehouse, database[, role]',
  },
  bigquery: {
    label: 'BigQuery',
    variable: 'EBB_TEST_BIGQUERY',
    settings: 'projectId, credentials[, location]',
  },
} as const;

/**
 * A live test account from the environment, as the settings `ebb warehouse add --kind K --set`
 * takes, in JSON: EBB_TEST_SNOWFLAKE = {"account", "username", "privateKey" (PEM), "warehouse",
 * "database"[, "role", "privateKeyPassphrase"]}; EBB_TEST_BIGQUERY = {"projectId", "credentials"
 * (the key file's JSON, as an object or a string)[, "location", "dataset"]}. Undefined when unset:
 * the suites are then skipped, and this says so.
 */
export function cloudTestAccount(kind: 'snowflake' | 'bigquery'): WarehouseConfig | undefined {
  const { label, variable, settings: expected } = ACCOUNTS[kind];
  const text = process.env[variable];
  if (!text) {
    console.warn(
      `${label} conformance SKIPPED: ${variable} is not set (JSON of the warehouse settings: ${expected}).`,
    );
    return undefined;
  }
  const settings = JSON.parse(text) as Record<string, unknown>;
  if (typeof settings.credentials === 'object') {
    settings.credentials = JSON.stringify(settings.credentials);
  }
  return warehouseConfigOf(kind, settings, tmpdir());
}
