import { PLAN_NAMES, type PlanName } from '../../../core/metering/plans.js';
import { formatTable } from '../formatTable.js';
import { command } from '../command.js';
import { integerFlag, single, UsageError } from '../parseArgs.js';
import type { Command } from '../types.js';

const planUsage =
  'ebb plan set (free|teams|business|custom) [--mtus N] [--api-calls N] [--limit N] [--cycle-day D] [--time-zone TZ]';

/** The plan word of `plan set`: one of the usage line's four, else a usage error (exit 2). */
function planName(word: string): PlanName {
  const plan = PLAN_NAMES.find((p) => p === word);
  if (!plan)
    throw new UsageError(
      `The plan is one of ${PLAN_NAMES.join(', ')}; got "${word}".\nUsage: ${planUsage}`,
    );
  return plan;
}

const usageUsage = 'ebb usage [--cycle DATE]';
const planFlags = { values: ['mtus', 'api-calls', 'limit', 'cycle-day', 'time-zone'] };
const count = (n: number) => n.toLocaleString('en-US');

export const usageCommands: Record<string, Command> = {
  'plan set': command(planUsage, 'writes', planFlags, async ({ args, arg, call }) => {
    const plan = planName(arg('the plan (free, teams, business or custom)'));
    const saved = await call('plan.set', {
      plan,
      mtus: integerFlag(args, 'mtus', planUsage),
      apiCalls: integerFlag(args, 'api-calls', planUsage),
      limit: integerFlag(args, 'limit', planUsage),
      // The day a billing cycle starts: 1 to 28, so that every month has it.
      cycleDay: integerFlag(args, 'cycle-day', planUsage, { min: 1, max: 28 }),
      timeZone: single(args, 'time-zone'),
    });
    return {
      data: saved,
      text: `Plan: ${saved.plan}, ${count(saved.limit)} records a month, cycle from day ${saved.cycleDay} (${saved.timeZone}).`,
    };
  }),
  usage: command(usageUsage, 'reads', { values: ['cycle'] }, async ({ args, call }) => {
    const report = await call('usage.get', { cycleStart: single(args, 'cycle') });
    const text = [
      `Plan ${report.plan}: ${count(report.used)} of ${count(report.limit)} records (${report.percent}%) from ${report.firstDay} to ${report.lastDay}.`,
      report.paused
        ? `Paused: the limit is reached; syncs resume on ${report.cycleEnd}.`
        : `${count(report.remaining)} remaining.`,
      '',
      formatTable(report.byDestination, ['destination', 'processed', 'delivered', 'failed']),
    ].join('\n');
    return { data: report, text };
  }),
};
