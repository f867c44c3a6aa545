import type { CoreContext } from '../../coreContext.js';
import { monthlyLimit, planFromOptions, planRepo } from '../../metering/plans.js';
import { usageReports } from '../../metering/usageReport.js';
import { expectedDailyRecords } from '../../sync/expectedDailyRecords.js';
import type { Handlers } from '../dispatch.js';

type UsageHandlers = Pick<Handlers, 'usage.get' | 'usage.cycles' | 'plan.get' | 'plan.set'>;

export function usageHandlers(ctx: CoreContext): UsageHandlers {
  const plans = planRepo(ctx.db);
  const reports = usageReports(ctx.db, {
    clock: ctx.clock,
    plans,
    destinationName: (id) => ctx.destinations.find(id)?.name,
    syncName: (id) => ctx.syncs.find(id)?.name,
  });
  const withLimit = <T extends Parameters<typeof monthlyLimit>[0]>(plan: T) => ({
    ...plan,
    limit: monthlyLimit(plan),
  });
  return {
    'usage.get': (arg) => {
      if (arg.cycleStart) return reports.usageForCycle(arg.cycleStart);
      const now = ctx.clock();
      const expectedPerDay = expectedDailyRecords(
        ctx.syncs.list(),
        (id) => ctx.runs.list(id, 5),
        now,
      );
      return reports.usageReport(now, { expectedPerDay });
    },
    'usage.cycles': () => reports.cycles(ctx.clock()),
    'plan.get': () => withLimit(plans.get()),
    'plan.set': (arg) => {
      const plan = plans.set(planFromOptions(arg));
      ctx.emit({ name: 'store.changed', payload: { domain: 'usage' } });
      return withLimit(plan);
    },
  };
}
