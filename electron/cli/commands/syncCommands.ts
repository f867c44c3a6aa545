import type { RunSummary } from '../../../core/api/types.js';
import { formatTable } from '../formatTable.js';
import { command } from '../command.js';
import { integerFlag, required, single } from '../parseArgs.js';
import { mapFlags, modeFlag, scheduleFlag } from '../syncFlags.js';
import type { Command } from '../types.js';
import { SYNC_OPS_FLAGS, SYNC_OPS_USAGE, syncOpsFromArgs } from './opsCommands.js';

const addUsage = `ebb sync add NAME --model M --destination D [--mode upsert|insert|update|mirror] [--schedule SPEC] [--max-records N] [--map SRC:DST]… [--paused] ${SYNC_OPS_USAGE}`;
const updateUsage = `ebb sync update NAME [--name NEW] [--model M] [--destination D] [--mode upsert|insert|update|mirror] [--schedule SPEC|none] [--max-records N] [--map SRC:DST]… ${SYNC_OPS_USAGE} [--no-log-to-warehouse]`;

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

/**
 * What stderr says of a run that exits 1 or 3 (CLI.md: errors name the fix on stderr), so that a
 * cron job logging stderr, or a script reading --json from stdout, still sees why.
 */
function runProblem(run: RunSummary): string | undefined {
  const first = run.errors[0];
  const reason = run.message ?? first?.reason;
  if (run.status === 'partial') {
    const example = first ? ` (${first.id ?? 'no id'}: ${first.reason})` : '';
    return `Run of "${run.sync}" was partial: the destination refused ${run.failed} record(s)${example}. The next sync retries them; \`ebb runs ${run.sync}\` shows the run.`;
  }
  if (runExitCode(run.status) !== 0)
    return `Run of "${run.sync}" ${run.status}${reason ? `: ${reason}` : '.'}`;
  return undefined;
}

/** `"nightly": users → crm (upsert)`: a sync as the add and update messages name it. */
const named = (s: { name: string; model: string; destination: string; mode: string }) =>
  `"${s.name}": ${s.model} → ${s.destination} (${s.mode})`;

/** The value flags `sync add` and `sync update` share; update adds `--name`. */
const SETTING_FLAGS = ['model', 'destination', 'mode', 'schedule', 'max-records'] as const;
const addFlags = {
  values: [...SETTING_FLAGS, ...SYNC_OPS_FLAGS.values],
  repeatable: ['map'],
  booleans: ['paused', ...SYNC_OPS_FLAGS.booleans],
};
const updateFlags = {
  values: ['name', ...SETTING_FLAGS, ...SYNC_OPS_FLAGS.values],
  repeatable: ['map'],
  booleans: [...SYNC_OPS_FLAGS.booleans],
};
const previewFlags = { values: ['limit'] };
const previewUsage = 'ebb sync preview NAME [--limit K]';

export const syncCommands: Record<string, Command> = {
  'sync add': command(addUsage, 'writes', addFlags, async ({ args, arg, call }) => {
    const name = arg('the sync NAME');
    const mode = modeFlag(args, addUsage) ?? 'upsert';
    const fields = mapFlags(args, addUsage);
    const sync = await call('syncs.add', {
      name,
      model: required(args, 'model', addUsage),
      destination: required(args, 'destination', addUsage),
      mode,
      schedule: scheduleFlag(args, addUsage) ?? null,
      maxRecords: integerFlag(args, 'max-records', addUsage),
      mapping: fields.length ? { fields } : null,
      ...(args.booleans.has('paused') ? { paused: true } : {}),
      ops: syncOpsFromArgs(args, addUsage),
    });
    return { data: sync, text: `Added sync ${named(sync)}.` };
  }),
  'sync update': command(updateUsage, 'writes', updateFlags, async ({ args, arg, call }) => {
    const ref = arg('the sync NAME');
    const fields = mapFlags(args, updateUsage);
    // Through the same handler as the app's edit form: a new destination or mapping makes the
    // next run start fresh (state belongs to the sync's target).
    const sync = await call('syncs.update', {
      sync: ref,
      name: single(args, 'name'),
      model: single(args, 'model'),
      destination: single(args, 'destination'),
      mode: modeFlag(args, updateUsage),
      schedule: scheduleFlag(args, updateUsage, { none: true }),
      maxRecords: integerFlag(args, 'max-records', updateUsage),
      mapping: fields.length ? { fields } : undefined,
      // Omitted ops flags keep their stored value (syncOps.set merges the patch).
      ops: syncOpsFromArgs(args, updateUsage),
    });
    return { data: sync, text: `Updated sync ${named(sync)}.` };
  }),
  'sync list': command('ebb sync list', 'reads', async ({ call }) => {
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
  }),
  'sync preview': command(previewUsage, 'reads', previewFlags, async ({ args, arg, call }) => {
    const preview = await call('syncs.preview', {
      sync: arg('the sync NAME'),
      limit: integerFlag(args, 'limit', previewUsage),
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
  }),
  'sync test-record': command('ebb sync test-record NAME', 'reads', async ({ arg, call }) => {
    const shown = await call('syncs.testRecord', { sync: arg('the sync NAME') });
    const lines = [
      `${shown.change.op} ${shown.change.id} (${shown.source === 'pending' ? 'the next change this sync sends' : "nothing pending: the model's first row"})`,
      ...(shown.rejected ? [`rejected before sending: ${shown.rejected}`] : []),
      ...shown.requests.flatMap((r) => [
        '',
        `${r.step}: ${r.method} ${r.target}`,
        ...Object.entries(r.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
        '',
        r.body.trimEnd(),
      ]),
      ...(shown.note ? ['', shown.note] : []),
    ];
    return { data: shown, text: lines.join('\n') };
  }),
  'sync run': command('ebb sync run NAME', 'writes', async ({ arg, call }) => {
    const run = await call('syncs.run', { sync: arg('the sync NAME') });
    return {
      data: run,
      text: runText(run),
      exitCode: runExitCode(run.status),
      problem: runProblem(run),
    };
  }),
  'sync reset': command('ebb sync reset NAME', 'writes', async ({ arg, call }) => {
    const name = arg('the sync NAME');
    const result = await call('syncs.reset', { sync: name });
    return {
      data: result,
      text: `Forgot the state of "${name}": its next run sends every record as new.`,
    };
  }),
  runs: command('ebb runs NAME', 'reads', async ({ arg, call }) => {
    const runs = await call('runs.list', { sync: arg('the sync NAME') });
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
  }),
};
