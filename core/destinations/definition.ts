import type { z } from 'zod';
import { EbbError } from '../errors.js';
import { describeSettings, maskSettings, type SettingSpec } from './settings.js';
import type { Destination } from './types.js';
import type { HttpDeps } from './http/httpDelivery.js';

export interface DestinationDeps {
  /** Names the file of a run that has no run id. */
  now?: () => Date;
  /** Timing hooks for the HTTP kit (tests make retries instant with them). */
  http?: HttpDeps;
}

/** The service's documented limits, shown by `destination types` and in the README table. */
export interface DestinationLimits {
  recordsPerRequest?: number;
  bytesPerRequest?: number;
  bytesPerRecord?: number;
}

/** Everything one destination type declares (its folder's index.ts exports one). */
export interface DestinationDefinition<S extends z.ZodObject> {
  type: string;
  label: string;
  /** One line on what it does with new/updated and deleted records. */
  description: string;
  deletes: string;
  limits?: DestinationLimits;
  /** The settings' schema, built on first use (a start builds no destination's). */
  settings: () => S;
  create(settings: z.output<S>, deps: DestinationDeps): Destination;
  /** Where changes go, fit to show (no secret). */
  target(settings: z.output<S>): string;
}

/** What `destination types` and the form read: the settings described, no code. */
export interface DestinationTypeInfo {
  type: string;
  label: string;
  description: string;
  deletes: string;
  limits: DestinationLimits;
  settings: SettingSpec[];
}

/** A definition with its settings type erased, as the registry holds it. */
export interface RegisteredDestination extends DestinationTypeInfo {
  /** Validates settings (strictly: an unknown key is refused) and fills defaults. */
  parse(settings: Record<string, unknown>, options?: { strict?: boolean }): Record<string, unknown>;
  create(settings: Record<string, unknown>, deps: DestinationDeps): Destination;
  target(settings: Record<string, unknown>): string;
  masked(settings: Record<string, unknown>): Record<string, unknown>;
}

export function defineDestination<S extends z.ZodObject>(
  def: DestinationDefinition<S>,
): RegisteredDestination {
  // Described on first use: converting every destination's schema at load cost a CLI start
  // tens of milliseconds (core/bench/cliStartBench.ts).
  let described: SettingSpec[] | undefined;
  const specs = () => (described ??= describeSettings(def.settings()));
  const parse = (settings: Record<string, unknown>, options: { strict?: boolean } = {}) => {
    const schema = options.strict ? def.settings().strict() : def.settings();
    const result = schema.safeParse(settings);
    if (result.success) return result.data as z.output<S>;
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (a ${def.type} destination has ${specs()
          .map((s) => s.key)
          .join(', ')})`;
      }
      const key = issue.path.length ? issue.path.join('.') : 'settings';
      return `${key}: ${issue.message}`;
    });
    throw new EbbError(
      'INVALID_ARGUMENT',
      `Invalid ${def.type} destination: ${problems.join('; ')}.`,
    );
  };
  return {
    type: def.type,
    label: def.label,
    description: def.description,
    deletes: def.deletes,
    limits: def.limits ?? {},
    get settings() {
      return specs();
    },
    parse: (settings, options) => parse(settings, options) as Record<string, unknown>,
    create: (settings, deps) => def.create(parse(settings), deps),
    target: (settings) => def.target(parse(settings)),
    masked: (settings) => maskSettings(specs(), settings),
  };
}
