import { EbbError } from '../errors.js';
import type { DestinationDeps, DestinationTypeInfo, RegisteredDestination } from './definition.js';
import { brazeDestination } from './braze/index.js';
import { fileDestination } from './file/index.js';
import { hubspotDestination } from './hubspot/index.js';
import { mixpanelDestination } from './mixpanel/index.js';
import { postgresDestination } from './postgres/index.js';
import { salesforceDestination } from './salesforce/index.js';
import { segmentDestination } from './segment/index.js';
import { mergeSettings } from './settings.js';
import type { Destination } from './types.js';
import { webhookDestination } from './webhook/index.js';

/** Every destination type. Adding one is adding its folder and a line here; nothing else. */
export const DESTINATION_TYPES: readonly RegisteredDestination[] = [
  fileDestination,
  webhookDestination,
  postgresDestination,
  segmentDestination,
  brazeDestination,
  mixpanelDestination,
  hubspotDestination,
  salesforceDestination,
];

/** A stored destination config: its type plus that type's settings. */
export type DestinationConfig = { type: string } & Record<string, unknown>;

export function destinationDefinition(type: string): RegisteredDestination {
  const found = DESTINATION_TYPES.find((d) => d.type === type);
  if (!found) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `Unknown destination type "${type}": choose one of ${DESTINATION_TYPES.map((d) => d.type).join(', ')} (see \`ebb destination types\`).`,
    );
  }
  return found;
}

/** The types and their settings, without code (the CLI's `destination types`, the form). */
export const destinationTypes = (): DestinationTypeInfo[] =>
  DESTINATION_TYPES.map(({ type, label, description, deletes, limits, settings }) => ({
    type,
    label,
    description,
    deletes,
    limits,
    settings,
  }));

const settingsOf = ({ type: _type, ...settings }: DestinationConfig) => settings;

/**
 * Validates a config as given by a user (unknown keys refused) and fills defaults: what the
 * config store keeps. Throws INVALID_ARGUMENT naming each bad key.
 */
export function parseDestinationConfig(config: DestinationConfig): DestinationConfig {
  const definition = destinationDefinition(config.type);
  return { type: definition.type, ...definition.parse(settingsOf(config), { strict: true }) };
}

/** Builds the destination of a stored config. */
export function createDestination(
  config: DestinationConfig,
  deps: DestinationDeps = {},
): Destination {
  return destinationDefinition(config.type).create(settingsOf(config), deps);
}

/** What the config store keeps in the clear about a destination: nothing secret. */
export function describeDestination(config: DestinationConfig): {
  target: string;
  settings: Record<string, unknown>;
} {
  const definition = destinationDefinition(config.type);
  const settings = settingsOf(config);
  return { target: definition.target(settings), settings: definition.masked(settings) };
}

/**
 * A stored config with an edit applied (omitted keys keep their value, blank secrets are kept),
 * validated like a new one. The type cannot change: that is another destination.
 */
export function updatedDestinationConfig(
  stored: DestinationConfig,
  patch: Record<string, unknown>,
): DestinationConfig {
  const definition = destinationDefinition(stored.type);
  if ('type' in patch && patch.type !== stored.type) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `A destination's type cannot change (it is ${stored.type}): add a new destination instead.`,
    );
  }
  const { type: _type, ...rest } = patch;
  const merged = mergeSettings(definition.settings, settingsOf(stored), rest);
  return parseDestinationConfig({ type: stored.type, ...merged });
}
