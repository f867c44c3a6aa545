import type { RunSummary } from '../../../core/api/types.js';
import { formatTable } from '../formatTable.js';
import { integerFlag, positional, required, single, UsageError } from '../parseArgs.js';
import type { Command } from '../types.js';
import { SYNC_OPS_FLAGS, SYNC_OPS_USAGE, syncOpsFromArgs } from './opsCommands.js';

const addUsage = `ebb sync add NAME --model M --destination D [--mode upsert|insert|update|mirror] [--schedule SPEC] [--max-records N] [--map SRC:DST]… [--paused] ${SYNC_OPS_USAGE}`;
const modes = ['upsert', 'insert', 'update', 'mirror'] as const;

function runText(run: RunSummary): string {
  const lines = [
    `Run ${run.runId} of "${run.sync}": ${run.status}`,
    `  changes   new ${run.changes.new}, updated ${run.changes.updated}, deleted ${run.changes.deleted}`,
    `  delivered ${run.delivered}   failed ${run.failed}   rejected ${run.rejected}   pending ${run.pending}`,
  ];
  if (run.message) lines.push(`  ${run.message}`);
  for (const error of run.errors.slice(0, 10))
    lines.push(`  error ${error.id ?? '(no id)'}: ${error.reason}`);
  return lines.join('\n');
}

/**
 * CLI.md: 0 `succeeded` or `paused`, 1 `failed`, 3 `partial`, so cron and scripts see a run that
 * did not deliver. A cancelled run did not finish its work either: 1.
 */
export function runExitCode(status: RunSummary['status']): number {
  switch (status) {
    case 'succeeded':
    case 'paused':
      return 0;
    case 'partial':
      return 3;
    default:
      return 1;
  }
}

export const syncCommands: Record<string, Command> = {
  'sync add': {
    usage: addUsage,
    writes: true,
    flags: {
      values: ['model', 'destination', 'mode', 'schedule', 'max-records', ...SYNC_OPS_FLAGS.values],
      repeatable: ['map'],
      booleans: ['paused', ...SYNC_OPS_FLAGS.booleans],
    },
    async run({ args, call }) {
      const name = positional(args, 0, 'the sync NAME', addUsage);
      const mode = single(args, 'mode') ?? 'upsert';
      if (!(modes as readonly string[]).includes(mode)) {
        throw new UsageError(
          `--mode is one of ${modes.join(', ')}; got "${mode}".\nUsage: ${addUsage}`,
        );
      }
      const maps = args.values.get('map') ?? [];
      const fields = maps.map((map) => {
        const colon = map.indexOf(':');
        if (colon <= 0 || colon === map.length - 1) {
          throw new UsageError(`--map takes SOURCE:DESTINATION, got "${map}".\nUsage: ${addUsage}`);
        }
        return { source: map.slice(0, colon), target: map.slice(colon + 1) };
      });
      const sync = await call('syncs.add', {
        name,
        model: required(args, 'model', addUsage),
        destination: required(args, 'destination', addUsage),
        mode: mode as (typeof modes)[number],
        schedule: single(args, 'schedule') ?? null,
        maxRecords: integerFlag(args, 'max-records', addUsage),
        mapping: fields.length ? { fields } : null,
        ...(args.booleans.has('paused') ? { paused: true } : {}),
        ops: syncOpsFromArgs(args, addUsage),
      });
      return {
        data: sync,
        text: `Added sync "${sync.name}": ${sync.model} → ${sync.destination} (${sync.mode}).`,
      };
    },
  },
  'sync list': {
    usage: 'ebb sync list',
    writes: false,
    async run({ call }) {
      const syncs = await call('syncs.list', {});
      const rows = syncs.map((s) => ({
        ...s,
        lastStatus: s.lastRun?.status ?? 'never run',
        next: s.scheduleError
          ? `schedule error: ${s.scheduleError}`
          : s.paused
            ? 'paused'
            : (s.nextRunAt ?? '-'),
      }));
      return {
        data: { syncs },
        text: formatTable(rows, [
          'name',
          'model',
          'destination',
          'mode',
          'schedule',
          'lastStatus',
          'next',
        ]),
      };
    },
  },
  'sync preview': {
    usage: 'ebb sync preview NAME [--limit K]',
    writes: false,
    flags: { values: ['limit'] },
    async run({ args, call }) {
      const usage = 'ebb sync preview NAME [--limit K]';
      const preview = await call('syncs.preview', {
        sync: positional(args, 0, 'the sync NAME', usage),
        limit: integerFlag(args, 'limit', usage),
      });
      const lines = [
        `new ${preview.changes.new}, updated ${preview.changes.updated}, deleted ${preview.changes.deleted}, rejected ${preview.rejected} (warehouse ${preview.warehouseMs} ms)`,
        ...preview.samples.map((s) =>
          s.op === 'updated'
            ? `  updated ${s.id}: ${s.changedFields.map((f) => `${f} ${JSON.stringify(s.before?.[f])} → ${JSON.stringify(s.after?.[f])}`).join(', ')}`
            : `  ${s.op} ${s.id}`,
        ),
      ];
      return { data: preview, text: lines.join('\n') };
    },
  },
  'sync run': {
    usage: 'ebb sync run NAME',
    writes: true,
    async run({ args, call }) {
      const run = await call('syncs.run', {
        sync: positional(args, 0, 'the sync NAME', 'ebb sync run NAME'),
      });
      return { data: run, text: runText(run), exitCode: runExitCode(run.status) };
    },
  },
  'sync reset': {
    usage: 'ebb sync reset NAME',
    writes: true,
    async run({ args, call }) {
      const name = positional(args, 0, 'the sync NAME', 'ebb sync reset NAME');
      const result = await call('syncs.reset', { sync: name });
      return {
        data: result,
        text: `Forgot the state of "${name}": its next run sends every record as new.`,
      };
    },
  },
  runs: {
    usage: 'ebb runs NAME',
    writes: false,
    async run({ args, call }) {
      const runs = await call('runs.list', {
        sync: positional(args, 0, 'the sync NAME', 'ebb runs NAME'),
      });
      const rows = runs.map((r) => ({
        ...r,
        new: r.changes.new,
        updated: r.changes.updated,
        deleted: r.changes.deleted,
      }));
      return {
        data: runs,
        text: formatTable(rows, [
          'startedAt',
          'status',
          'new',
          'updated',
          'deleted',
          'delivered',
          'failed',
          'rejected',
          'pending',
        ]),
      };
    },
  },
};
