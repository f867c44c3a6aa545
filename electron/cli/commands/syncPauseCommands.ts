import { command } from '../command.js';
import type { Command } from '../types.js';

/** `sync pause` / `sync resume`: the schedule stops and starts again; a manual run always works. */
export const syncPauseCommands: Record<string, Command> = {
  'sync pause': command('ebb sync pause NAME', 'writes', async ({ arg, call }) => {
    const sync = await call('syncs.pause', { sync: arg('the sync NAME') });
    return {
      data: sync,
      text: `Paused "${sync.name}": no scheduled runs until \`ebb sync resume ${sync.name}\` (\`ebb sync run\` still works).`,
    };
  }),
  'sync resume': command('ebb sync resume NAME', 'writes', async ({ arg, call }) => {
    const sync = await call('syncs.resume', { sync: arg('the sync NAME') });
    return {
      data: sync,
      text: sync.nextRunAt
        ? `Resumed "${sync.name}": next scheduled run ${sync.nextRunAt}.`
        : `Resumed "${sync.name}" (it has no schedule: it runs with \`ebb sync run\`).`,
    };
  }),
};
