export type {
  BatchResult,
  Change,
  ChangeOp,
  ColumnSpec,
  Destination,
  DestinationType,
  FailedRecord,
  RunInfo,
} from './types.js';
export {
  destinationConfigSchema,
  fileDestinationConfigSchema,
  postgresDestinationConfigSchema,
  retryPolicySchema,
  webhookDestinationConfigSchema,
  type DestinationConfig,
  type DestinationConfigInput,
  type FileDestinationConfig,
  type PostgresDestinationConfig,
  type RetryPolicy,
  type WebhookDestinationConfig,
} from './config.js';
export {
  createDestination,
  parseDestinationConfig,
  type DestinationDeps,
} from './createDestination.js';
export { FileDestination } from './file/fileDestination.js';
export { WebhookDestination, type WebhookDeps } from './webhook/webhookDestination.js';
export { PostgresDestination } from './postgres/postgresDestination.js';
export { pgColumnType } from './postgres/pgTypes.js';
