export type {
  BatchResult,
  Change,
  ChangeOp,
  ColumnSpec,
  Destination,
  DestinationField,
  DestinationType,
  FailedRecord,
  RecordPreview,
  RequestPreview,
  RunInfo,
} from './types.js';
export {
  createDestination,
  describeDestination,
  destinationDefinition,
  destinationTypes,
  parseDestinationConfig,
  DESTINATION_TYPES,
  type DestinationConfig,
} from './registry.js';
export type { DestinationDeps, DestinationTypeInfo } from './definition.js';
export type { SettingSpec, SettingKind } from './settings.js';
export { DestinationAuthError, isDestinationAuthError } from './http/authError.js';
export { FileDestination } from './file/fileDestination.js';
export { WebhookDestination, type WebhookDeps } from './webhook/webhookDestination.js';
export { PostgresDestination } from './postgres/postgresDestination.js';
export { pgColumnType } from './postgres/pgTypes.js';
