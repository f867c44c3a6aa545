import { positional } from '../parseArgs.js';
import type { Command } from '../types.js';

/** `sync pause` / `sync resume`: the schedule stops and starts again; a manual run always works. */
export const syncPauseCommands: Record<string, Command> = {
  'sync pause': {
    usage: 'ebb sync pause NAME',
    writes: true,
    async run({ args, call }) {
      const sync = await call('syncs.pause', {
        sync: positional(args, 0, 'the sync NAME', 'ebb sync pause NAME'),
      });
      return {
        data: sync,
        text: `Paused "${sync.name}": no scheduled runs until \`ebb sync resume ${sync.name}\` (\`ebb sync run\` still works).`,
      };
    },
  },
  'sync resume': {
    usage: 'ebb sync resume NAME',
    writes: true,
    async run({ args, call }) {
      const sync = await call('syncs.resume', {
        sync: positional(args, 0, 'the sync NAME', 'ebb sync resume NAME'),
      });
      return {
        data: sync,
        text: sync.nextRunAt
          ? `Resumed "${sync.name}": next scheduled run ${sync.nextRunAt}.`
          : `Resumed "${sync.name}" (it has no schedule: it runs with \`ebb sync run\`).`,
      };
    },
  },
};
