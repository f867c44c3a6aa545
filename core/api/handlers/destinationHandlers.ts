import { createDestination, parseDestinationConfig } from '../../destinations/createDestination.js';
import type { DestinationConfigInput } from '../../destinations/config.js';
import type { CoreContext } from '../../coreContext.js';
import { MASK, maskUrl } from '../../secrets/mask.js';
import type { DestinationRow } from '../../store/destinationsRepo.js';
import type { Handlers } from '../dispatch.js';
import type { DestinationSummary } from '../types.js';

/** The settings a user may see: header values and passwords never leave the engine. */
export function maskedSettings(config: DestinationConfigInput): Record<string, unknown> {
  switch (config.type) {
    case 'file':
      return { ...config };
    case 'webhook':
      return {
        ...config,
        url: maskUrl(config.url),
        headers: Object.fromEntries(Object.keys(config.headers ?? {}).map((key) => [key, MASK])),
      };
    case 'postgres':
      return { ...config, url: maskUrl(config.url) };
  }
}

function target(config: DestinationConfigInput): string {
  switch (config.type) {
    case 'file':
      return `${config.path} (${config.format ?? 'jsonl'})`;
    case 'webhook':
      return `POST ${maskUrl(config.url)}`;
    case 'postgres':
      return `${maskUrl(config.url)} → ${config.schema ?? 'public'}.${config.table}`;
  }
}

export const toDestinationSummary = (row: DestinationRow): DestinationSummary => ({
  id: row.id,
  name: row.name,
  type: row.type,
  target: target(row.config),
  settings: maskedSettings(row.config),
  createdAt: row.createdAt,
});

type DestinationHandlers = Pick<
  Handlers,
  'destinations.list' | 'destinations.add' | 'destinations.remove' | 'destinations.test'
>;

export function destinationHandlers(ctx: CoreContext): DestinationHandlers {
  const changed = () => ctx.emit({ name: 'store.changed', payload: { domain: 'destinations' } });
  return {
    'destinations.list': () => ctx.destinations.list().map(toDestinationSummary),
    'destinations.add': (arg) => {
      parseDestinationConfig(arg.config);
      const row = ctx.destinations.add(arg.name, arg.config);
      changed();
      return toDestinationSummary(row);
    },
    'destinations.remove': (arg) => {
      const row = ctx.destinations.get(arg.destination);
      ctx.destinations.remove(row.id);
      changed();
      return { removed: row.id };
    },
    'destinations.test': async (arg) => {
      const started = performance.now();
      const destination = createDestination(ctx.destinations.get(arg.destination).config);
      await destination.testConnection();
      return { ok: true as const, tookMs: Math.round(performance.now() - started) };
    },
  };
}
