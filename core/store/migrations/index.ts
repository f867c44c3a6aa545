import { sql as initial } from './0001-initial.js';
import { sql as metering } from './0002-metering.js';
import { sql as inDoubt } from './0003-in-doubt.js';
import { sql as trust } from './0004-trust.js';
import { sql as warehouseKinds } from './0008-warehouse-kinds.js';
import { sql as modelsAsFiles } from './0010-models-as-files.js';
import { sql as syncOperations } from './0011-sync-operations.js';
import { sql as runLog } from './0012-run-log.js';
import { sql as alerts } from './0013-alerts.js';
import { sql as runSent } from './0014-run-sent.js';
import { sql as cloudWarehouses } from './0016-cloud-warehouses.js';
import { sql as runProcess } from './0017-run-process.js';
import { sql as sentFields } from './0018-sent-fields.js';

/** Numbered migrations, applied in order; a number is never reused or edited once released. */
export const migrations: ReadonlyArray<{
  version: number;
  name: string;
  sql: string;
  /** Rebuilds a table others reference: runs with foreign keys off, checked after. */
  rebuildsTables?: boolean;
}> = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'metering', sql: metering },
  { version: 3, name: 'in-doubt', sql: inDoubt },
  { version: 4, name: 'trust', sql: trust },
  { version: 8, name: 'warehouse-kinds', sql: warehouseKinds, rebuildsTables: true },
  { version: 10, name: 'models-as-files', sql: modelsAsFiles },
  { version: 11, name: 'sync-operations', sql: syncOperations },
  { version: 12, name: 'run-log', sql: runLog },
  { version: 13, name: 'alerts', sql: alerts },
  { version: 14, name: 'run-sent', sql: runSent },
  { version: 16, name: 'cloud-warehouses', sql: cloudWarehouses, rebuildsTables: true },
  { version: 17, name: 'run-process', sql: runProcess },
  { version: 18, name: 'sent-fields', sql: sentFields },
];
