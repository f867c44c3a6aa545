/** Records as the rest of the app writes them, in the user's locale: 1,234,567. */
export { formatCount as records } from '../components/wholeNumber';

/** Axis ticks: 1.2K, 3M (in the user's locale). */
const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact' });
export const compact = (n: number) => compactFormat.format(n);

/** The report's percent (one decimal, rounded down) without a trailing ".0". */
export const percentText = (percent: number) =>
  `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;

const safeZone = (timeZone: string | undefined) => {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
};

/**
 * An instant as a calendar date in the plan's time zone: the cycle's end is local midnight there,
 * so this names the day the meter resets whatever zone the browser is in.
 */
export function instantDate(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleDateString(undefined, {
    dateStyle: 'medium',
    timeZone: safeZone(timeZone),
  });
}

/** A YYYY-MM-DD calendar day (already local to the plan) as "May 14, 2026". */
export function dayDate(day: string, style: 'medium' | 'short' = 'medium'): string {
  const date = new Date(`${day}T12:00:00Z`);
  return style === 'medium'
    ? date.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The day-of-month of a YYYY-MM-DD day, for the chart's axis. */
export const dayOfMonth = (day: string) => String(Number(day.slice(8, 10)));

/** Today as YYYY-MM-DD in the plan's time zone (en-CA formats dates as ISO days). */
export function todayIn(timeZone: string): string {
  return new Date().toLocaleDateString('en-CA', { timeZone: safeZone(timeZone) });
}
