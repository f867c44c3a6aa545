import { acquireHomeLock } from '../../../core/store/homeLock.js';
import { installSafetyNet } from '../../safetyNet.js';
import type { Command } from '../types.js';

export const schedulerCommand: Command = {
  usage: 'ebb scheduler',
  // Holds the home's lock itself for as long as it runs.
  writes: false,
  async run({ core, io, json }) {
    const lock = acquireHomeLock(core.home, 'ebb scheduler');
    const log = (line: string) =>
      io.stdout(
        json
          ? `${JSON.stringify({ at: new Date().toISOString(), message: line })}\n`
          : `${new Date().toISOString()} ${line}\n`,
      );
    const uninstall = installSafetyNet((line) => io.stderr(`${line}\n`));
    const scheduler = core.createScheduler(log);
    log(`Scheduler started for ${core.home}; press Ctrl+C to stop.`);
    scheduler.start();
    await io.interrupted();
    await scheduler.stop();
    lock.release();
    uninstall();
    log('Scheduler stopped.');
    return undefined;
  },
};
