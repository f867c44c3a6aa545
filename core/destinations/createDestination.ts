import { EbbError } from '../api/errors.js';
import { destinationConfigSchema, type DestinationConfig } from './config.js';
import { FileDestination } from './file/fileDestination.js';
import { PostgresDestination } from './postgres/postgresDestination.js';
import type { Destination } from './types.js';
import { WebhookDestination, type WebhookDeps } from './webhook/webhookDestination.js';

export interface DestinationDeps {
  /** Names the file of a run that has no run id. */
  now?: () => Date;
  /** Timing hooks for the webhook (tests make retries instant with them). */
  webhook?: WebhookDeps;
}

/** Validates a stored config (filling defaults) and builds its destination. */
export function createDestination(config: unknown, deps: DestinationDeps = {}): Destination {
  const parsed = parseDestinationConfig(config);
  switch (parsed.type) {
    case 'file':
      return new FileDestination(parsed, deps.now);
    case 'webhook':
      return new WebhookDestination(parsed, deps.webhook);
    case 'postgres':
      return new PostgresDestination(parsed);
  }
}

/** The config with defaults, or an INVALID_ARGUMENT error naming each bad field. */
export function parseDestinationConfig(config: unknown): DestinationConfig {
  const result = destinationConfigSchema.safeParse(config);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join('.') : 'config'}: ${issue.message}`,
  );
  throw new EbbError('INVALID_ARGUMENT', `Invalid destination: ${problems.join('; ')}.`);
}
