import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { DayUsage } from '../../../core/metering/usageReport';
import { compact, dayDate, dayOfMonth, records } from './format';

interface TooltipContent {
  active?: boolean;
  payload?: readonly { payload?: DayUsage }[];
}

function DayTooltip({ active, payload }: TooltipContent) {
  const day = active ? payload?.[0]?.payload : undefined;
  if (!day) return null;
  return (
    <div className="floating usage-tooltip">
      <strong>{dayDate(day.day)}</strong>
      <span>{records(day.processed)} records</span>
    </div>
  );
}

/** Round axis steps (1, 2, 2.5 or 5 × 10^n), about four of them up to `max`. */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    1,
    [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude,
  );
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(Math.round(t));
  return ticks;
}

/** Label every day up to 16 days, else every 2nd, 3rd…: at most 16 labels, evenly spaced. */
export const tickStride = (days: number): number => Math.max(1, Math.ceil(days / 16));

/**
 * Records processed per local day of the cycle. Colours come from usage.css (the theme's
 * variables), not from props, so light and dark follow the OS without re-rendering.
 */
export function DailyChart({ days, today }: { days: DayUsage[]; today: string | null }) {
  const total = days.reduce((sum, d) => sum + d.processed, 0);
  const busiest = days.reduce<DayUsage | null>(
    (top, d) => (d.processed > (top?.processed ?? 0) ? d : top),
    null,
  );
  const ticks = niceTicks(busiest?.processed ?? 0);
  return (
    <section className="card usage-chart" aria-labelledby="usage-chart-title">
      <div className="usage-card-head">
        <h2 id="usage-chart-title">Records per day</h2>
        <span className="muted small">
          {busiest
            ? `Busiest: ${dayDate(busiest.day, 'short')} (${records(busiest.processed)})`
            : 'Nothing metered yet'}
        </span>
      </div>
      <BarChart
        className="usage-chart-svg"
        responsive
        style={{ width: '100%', height: 220 }}
        data={days}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        accessibilityLayer
        title={`Records per day: ${records(total)} in ${days.length} days`}
      >
        <CartesianGrid vertical={false} />
        <XAxis
          dataKey="day"
          tickFormatter={dayOfMonth}
          tickLine={false}
          // A steady stride (every day, or every 2nd…) rather than recharts' collision hiding,
          // which kept 1–9 and then dropped every other two-digit day.
          ticks={days.filter((_, i) => i % tickStride(days.length) === 0).map((d) => d.day)}
          interval={0}
        />
        <YAxis
          tickFormatter={compact}
          ticks={ticks}
          domain={[0, ticks[ticks.length - 1] ?? 0]}
          allowDecimals={false}
          tickLine={false}
          axisLine={false}
          width={44}
        />
        <Tooltip content={DayTooltip} cursor={{ className: 'usage-cursor' }} />
        <Bar
          dataKey="processed"
          name="Records"
          radius={[3, 3, 0, 0]}
          maxBarSize={28}
          // Refreshes arrive with every metered batch; re-animating each one would be noise.
          isAnimationActive={false}
        >
          {days.map((d) => (
            <Cell
              key={d.day}
              className={d.day === today ? 'usage-bar-today' : 'usage-bar-day'}
              data-day={d.day}
            />
          ))}
        </Bar>
      </BarChart>
      <table className="sr-only">
        <caption>Records per day</caption>
        <tbody>
          {days
            .filter((d) => d.processed > 0)
            .map((d) => (
              <tr key={d.day}>
                <th scope="row">{dayDate(d.day)}</th>
                <td>{records(d.processed)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}
