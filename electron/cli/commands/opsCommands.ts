import type { CallInput } from '../../../core/api/contract.js';
import { formatTable } from '../formatTable.js';
import { command } from '../command.js';
import { integerFlag, UsageError, type ParsedArgs } from '../parseArgs.js';
import type { Command } from '../types.js';

/** `sync add|update` flags of issue 14 (CLI.md): how the sync is operated. */
export const SYNC_OPS_FLAGS = {
  values: ['retry-syncs', 'retry-days', 'log-retention-days'],
  booleans: ['log-to-warehouse', 'no-log-to-warehouse'],
} as const;
export const SYNC_OPS_USAGE =
  '[--log-to-warehouse] [--log-retention-days N] [--retry-syncs N] [--retry-days D]';

export function syncOpsFromArgs(
  args: ParsedArgs,
  usage: string,
): CallInput<'syncs.add'>['ops'] | undefined {
  const ops: NonNullable<CallInput<'syncs.add'>['ops']> = {};
  const retrySyncs = integerFlag(args, 'retry-syncs', usage);
  const retryDays = integerFlag(args, 'retry-days', usage);
  const retention = integerFlag(args, 'log-retention-days', usage);
  if (retrySyncs !== undefined) ops.retrySyncs = retrySyncs;
  if (retryDays !== undefined) ops.retryDays = retryDays;
  if (retention !== undefined) ops.logRetentionDays = retention;
  if (args.booleans.has('log-to-warehouse') && args.booleans.has('no-log-to-warehouse'))
    throw new UsageError(
      `Give --log-to-warehouse or --no-log-to-warehouse, not both.\nUsage: ${usage}`,
    );
  if (args.booleans.has('log-to-warehouse')) ops.logToWarehouse = true;
  if (args.booleans.has('no-log-to-warehouse')) ops.logToWarehouse = false;
  return Object.keys(ops).length > 0 ? ops : undefined;
}

const replayUsage = 'ebb replay NAME [--id ID]… [--error TEXT]';
const replayFlags = { values: ['error'], repeatable: ['id'] };

export const opsCommands: Record<string, Command> = {
  quarantine: command('ebb quarantine NAME', 'reads', async ({ arg, call }) => {
    const result = await call('syncs.quarantine', { sync: arg('the sync NAME') });
    const head = `${result.records.length} record(s) of "${result.sync}" parked after ${result.policy.retrySyncs} syncs or ${result.policy.retryDays} days; ${result.retrying} still retried.`;
    return {
      data: result,
      text: result.records.length
        ? `${head}\n${formatTable(result.records, ['recordId', 'op', 'attempts', 'firstFailedAt', 'quarantinedAt', 'lastError'])}`
        : head,
    };
  }),
  replay: command(replayUsage, 'writes', replayFlags, async ({ args, arg, call }) => {
    const ids = args.values.get('id');
    const error = args.values.get('error')?.[0];
    const result = await call('syncs.replay', {
      sync: arg('the sync NAME'),
      ...(ids?.length ? { ids } : {}),
      ...(error ? { error } : {}),
    });
    const run = result.run;
    return {
      data: result,
      text: `Replayed ${result.replayed} record(s); run ${run.runId}: ${run.status}, delivered ${run.delivered}, failed ${run.failed}.`,
      exitCode: run.status === 'failed' ? 1 : run.status === 'partial' ? 3 : 0,
    };
  }),
};
