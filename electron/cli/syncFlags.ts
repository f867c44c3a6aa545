import { EbbError } from '../../core/errors.js';
import { parseSchedule } from '../../core/schedule/schedule.js';
import { single, UsageError, type ParsedArgs } from './parseArgs.js';

export const SYNC_MODES = ['upsert', 'insert', 'update', 'mirror'] as const;
export type SyncModeFlag = (typeof SYNC_MODES)[number];

/** `--mode`, checked against the four modes; undefined when not given. */
export function modeFlag(args: ParsedArgs, usage: string): SyncModeFlag | undefined {
  const mode = single(args, 'mode');
  if (mode === undefined) return undefined;
  if (!(SYNC_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(
      `--mode is one of ${SYNC_MODES.join(', ')}; got "${mode}".\nUsage: ${usage}`,
    );
  }
  return mode as SyncModeFlag;
}

/** Every `--map SRC:DST`, as mapping fields. */
export function mapFlags(args: ParsedArgs, usage: string): { source: string; target: string }[] {
  return (args.values.get('map') ?? []).map((map) => {
    const colon = map.indexOf(':');
    if (colon <= 0 || colon === map.length - 1) {
      throw new UsageError(`--map takes SOURCE:DESTINATION, got "${map}".\nUsage: ${usage}`);
    }
    return { source: map.slice(0, colon), target: map.slice(colon + 1) };
  });
}

/**
 * `--schedule SPEC`, checked as the engine checks it (CLI.md: nothing more often than every 15
 * minutes): a refused schedule is a bad flag value, so a usage error (exit 2) with the engine's
 * reason. `none` (sync update only) clears it: null. Undefined when not given.
 */
export function scheduleFlag(
  args: ParsedArgs,
  usage: string,
  { none = false }: { none?: boolean } = {},
): string | null | undefined {
  const spec = single(args, 'schedule');
  if (spec === undefined) return undefined;
  if (none && spec === 'none') return null;
  try {
    parseSchedule(spec);
  } catch (error) {
    if (error instanceof EbbError)
      throw new UsageError(`--schedule: ${error.message}\nUsage: ${usage}`);
    throw error;
  }
  return spec;
}
