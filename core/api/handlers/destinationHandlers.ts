import { EbbError } from '../../errors.js';
import {
  createDestination,
  destinationTypes,
  parseDestinationConfig,
  updatedDestinationConfig,
} from '../../destinations/registry.js';
import { makeFolder } from '../../destinations/file/makeFolder.js';
import type { CoreContext } from '../../coreContext.js';
import type { DestinationRow } from '../../store/destinationsRepo.js';
import type { Handlers } from '../dispatch.js';
import type { DestinationSummary } from '../../types.js';

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
  | 'destinations.types'
  | 'destinations.list'
  | 'destinations.add'
  | 'destinations.update'
  | 'destinations.remove'
  | 'destinations.test'
  | 'destinations.check'
  | 'destinations.checkUpdate'
  | 'destinations.createFolder'
  | 'destinations.fields'
>;

const timed = async (work: () => Promise<void>) => {
  const started = performance.now();
  await work();
  return { ok: true as const, tookMs: Math.round(performance.now() - started) };
};

export function destinationHandlers(ctx: CoreContext): DestinationHandlers {
  const changed = () => ctx.emit({ name: 'store.changed', payload: { domain: 'destinations' } });
  return {
    'destinations.types': () => destinationTypes(),
    'destinations.list': () => ctx.destinations.list().map(toDestinationSummary),
    'destinations.add': (arg) => {
      const row = ctx.destinations.add(arg.name, parseDestinationConfig(arg.config));
      changed();
      return toDestinationSummary(row);
    },
    'destinations.update': (arg) => {
      const row = ctx.destinations.get(arg.destination);
      const editsSettings = arg.settings !== undefined && Object.keys(arg.settings).length > 0;
      if (editsSettings) {
        const running = ctx.syncs
          .list()
          .filter((s) => s.destinationId === row.id && ctx.syncEngine.isRunning(s.id));
        if (running.length > 0) {
          throw new EbbError(
            'RUN_IN_PROGRESS',
            `The destination is in use by the running sync(s) ${running.map((s) => `"${s.name}"`).join(', ')}: wait for the run to end, or cancel it, before changing its settings.`,
          );
        }
      }
      const updated = ctx.destinations.update(row.id, {
        name: arg.name,
        config: editsSettings ? updatedDestinationConfig(row.config, arg.settings!) : undefined,
      });
      changed();
      return toDestinationSummary(updated);
    },
    'destinations.remove': (arg) => {
      const row = ctx.destinations.get(arg.destination);
      ctx.destinations.remove(row.id);
      changed();
      return { removed: row.id };
    },
    'destinations.check': (arg) =>
      timed(() => createDestination(parseDestinationConfig(arg.config)).testConnection()),
    'destinations.checkUpdate': (arg) => {
      const row = ctx.destinations.get(arg.destination);
      const config = updatedDestinationConfig(row.config, arg.settings ?? {});
      return timed(() => createDestination(config).testConnection());
    },
    'destinations.createFolder': async (arg) => {
      try {
        return { path: await makeFolder(arg.path) };
      } catch (error) {
        throw new EbbError(
          'DESTINATION_ERROR',
          `Ebb could not create the folder ${arg.path}: ${(error as Error).message}`,
        );
      }
    },
    'destinations.fields': async (arg) => {
      const destination = createDestination(ctx.destinations.get(arg.destination).config);
      if (!destination.listFields) return { fields: null };
      try {
        return { fields: await destination.listFields() };
      } finally {
        await destination.close();
      }
    },
    'destinations.test': (arg) =>
      timed(() => createDestination(ctx.destinations.get(arg.destination).config).testConnection()),
  };
}
