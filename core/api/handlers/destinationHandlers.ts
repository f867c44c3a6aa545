import { createDestination, parseDestinationConfig } from '../../destinations/createDestination.js';
import type { CoreContext } from '../../coreContext.js';
import type { DestinationRow } from '../../store/destinationsRepo.js';
import type { Handlers } from '../dispatch.js';
import type { DestinationSummary } from '../types.js';

export const toDestinationSummary = (row: DestinationRow): DestinationSummary => ({
  id: row.id,
  name: row.name,
  type: row.type,
  target: row.display.target,
  settings: row.display.settings,
  createdAt: row.createdAt,
});

type DestinationHandlers = Pick<
  Handlers,
  | 'destinations.list'
  | 'destinations.add'
  | 'destinations.remove'
  | 'destinations.test'
  | 'destinations.check'
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
    'destinations.check': async (arg) => {
      const started = performance.now();
      await createDestination(arg.config).testConnection();
      return { ok: true as const, tookMs: Math.round(performance.now() - started) };
    },
    'destinations.test': async (arg) => {
      const started = performance.now();
      const destination = createDestination(ctx.destinations.get(arg.destination).config);
      await destination.testConnection();
      return { ok: true as const, tookMs: Math.round(performance.now() - started) };
    },
  };
}
