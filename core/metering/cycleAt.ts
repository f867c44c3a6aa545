import { EbbError } from '../errors.js';
import { cycleFor, cycleOfDay, formatDay, type BillingCycle } from './billingCycle.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The billing cycle a user's `--cycle` names: a date (YYYY-MM-DD) is a local day in the plan's
 * time zone, as the usage report prints its days (read as UTC midnight, 2026-03-01 fell in
 * February's cycle for any zone west of UTC); anything else is an instant (the app passes the
 * cycleStart it was given).
 */
export function cycleAt(
  at: Date | string,
  plan: { cycleDay: number; timeZone: string },
): BillingCycle {
  if (typeof at === 'string') {
    const day = DAY.exec(at.trim());
    if (day) {
      const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
      const real = new Date(Date.UTC(year, month - 1, date));
      if (formatDay(real.getUTCFullYear(), real.getUTCMonth() + 1, real.getUTCDate()) !== day[0])
        throw notADate(at);
      return cycleOfDay(day[0], plan.cycleDay, plan.timeZone);
    }
  }
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw notADate(String(at));
  return cycleFor(instant, plan.cycleDay, plan.timeZone);
}

const notADate = (text: string) =>
  new EbbError(
    'INVALID_ARGUMENT',
    `"${text}" is not a date: name the billing cycle by a day in it, YYYY-MM-DD (e.g. --cycle 2026-03-01), or an ISO 8601 time.`,
  );
