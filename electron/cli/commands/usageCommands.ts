import { formatTable } from '../formatTable.js';
import { integerFlag, positional, single } from '../parseArgs.js';
import type { Command } from '../types.js';

const planUsage =
  'ebb plan set (free|teams|business|custom) [--mtus N] [--api-calls N] [--limit N] [--cycle-day D] [--time-zone TZ]';

export const usageCommands: Record<string, Command> = {
  'plan set': {
    usage: planUsage,
    writes: true,
    flags: { values: ['mtus', 'api-calls', 'limit', 'cycle-day', 'time-zone'] },
    async run({ args, call }) {
      const plan = positional(args, 0, 'the plan (free, teams, business or custom)', planUsage);
      const saved = await call('plan.set', {
        plan: plan as 'free',
        mtus: integerFlag(args, 'mtus', planUsage),
        apiCalls: integerFlag(args, 'api-calls', planUsage),
        limit: integerFlag(args, 'limit', planUsage),
        cycleDay: integerFlag(args, 'cycle-day', planUsage),
        timeZone: single(args, 'time-zone'),
      });
      return {
        data: saved,
        text: `Plan: ${saved.plan}, ${saved.limit.toLocaleString('en-US')} records a month, cycle from day ${saved.cycleDay} (${saved.timeZone}).`,
      };
    },
  },
  usage: {
    usage: 'ebb usage [--cycle DATE]',
    writes: false,
    flags: { values: ['cycle'] },
    async run({ args, call }) {
      const report = await call('usage.get', { cycleStart: single(args, 'cycle') });
      const text = [
        `Plan ${report.plan}: ${report.used.toLocaleString('en-US')} of ${report.limit.toLocaleString('en-US')} records (${report.percent}%) from ${report.firstDay} to ${report.lastDay}.`,
        report.paused
          ? `Paused: the limit is reached; syncs resume on ${report.cycleEnd}.`
          : `${report.remaining.toLocaleString('en-US')} remaining.`,
        '',
        formatTable(report.byDestination, ['destination', 'processed', 'delivered', 'failed']),
      ].join('\n');
      return { data: report, text };
    },
  },
};
