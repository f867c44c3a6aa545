import { useRef, useState } from 'react';
import { EmptyIcon, ErrorState, LoadingState, QueryView } from '../components/States';
import { BreakdownTable } from './BreakdownTable';
import { DailyChart } from './DailyChart';
import { dayDate, records, todayIn } from './format';
import { PlanForm } from './PlanForm';
import { ProjectionCard } from './ProjectionCard';
import { usePlan, useUsageCycles, useUsageReport } from './queries';
import { UsageBanner, UsageMeter } from './UsageMeter';
import './usage.css';

/** Usage & Billing: the cycle's meter against the plan, where the records went, and the plan. */
export function UsageScreen() {
  const [cycleStart, setCycleStart] = useState<string | null>(null);
  const report = useUsageReport(cycleStart);
  const plan = usePlan();
  const cycles = useUsageCycles();
  const planRef = useRef<HTMLDivElement>(null);
  const current = cycleStart === null;

  const focusPlan = () => {
    const section = planRef.current;
    section?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    section?.querySelector<HTMLInputElement>('input:checked')?.focus({ preventScroll: true });
  };

  const header = (
    <header className="pane-header">
      <h1>Usage &amp; Billing</h1>
      {cycles.data && cycles.data.length > 1 && (
        <label className="usage-cycle-picker">
          <span className="muted small">Cycle</span>
          <select
            className="input"
            value={cycleStart ?? ''}
            onChange={(e) => setCycleStart(e.target.value || null)}
          >
            {cycles.data.map((c, index) => (
              <option key={c.cycleStart} value={index === 0 ? '' : c.cycleStart}>
                {dayDate(c.firstDay, 'short')} – {dayDate(c.lastDay)}
                {index === 0 ? ' (current)' : ` · ${records(c.used)} used`}
              </option>
            ))}
          </select>
        </label>
      )}
    </header>
  );

  if (report.isPending) {
    return (
      <div className="screen usage-screen">
        {header}
        <LoadingState label="Loading usage…" />
      </div>
    );
  }
  if (report.isError) {
    return (
      <div className="screen usage-screen">
        {header}
        <ErrorState
          title="Usage could not be loaded"
          error={report.error}
          onRetry={() => void report.refetch()}
        />
      </div>
    );
  }

  const data = report.data;
  const noUsage = data.used === 0 && data.byDestination.length === 0;
  return (
    <div className="screen usage-screen" aria-busy={report.isFetching || undefined}>
      {header}
      {current && <UsageBanner report={data} onChangePlan={focusPlan} />}
      <div className="usage-layout">
        <div className="usage-column">
          <UsageMeter report={data} current={current} />
          {noUsage ? (
            <section className="card usage-empty" aria-labelledby="usage-empty-title">
              <EmptyIcon />
              <h2 id="usage-empty-title">No usage yet this cycle</h2>
              <p className="muted">
                Every record a sync attempts — delivered or failed — counts against the plan. Run a
                sync and its records show up here by destination, by sync and by day.
              </p>
            </section>
          ) : (
            <>
              <DailyChart days={data.byDay} today={current ? todayIn(data.timeZone) : null} />
              <div className="usage-tables">
                <BreakdownTable
                  title="By destination"
                  nameHeader="Destination"
                  rows={data.byDestination.map(({ destination, ...rest }) => ({
                    name: destination,
                    ...rest,
                  }))}
                  used={data.used}
                  empty="No destination has received records this cycle."
                />
                <BreakdownTable
                  title="By sync"
                  nameHeader="Sync"
                  rows={data.bySync.map(({ sync, ...rest }) => ({ name: sync, ...rest }))}
                  used={data.used}
                  empty="No sync has run this cycle."
                />
              </div>
            </>
          )}
        </div>
        <aside className="usage-column usage-side" aria-label="Projection and plan">
          {current && <ProjectionCard report={data} today={todayIn(data.timeZone)} />}
          <div ref={planRef} className="usage-plan-anchor">
            <QueryView
              query={plan}
              loadingLabel="Loading the plan…"
              errorTitle="The plan could not be loaded"
            >
              {(saved) => <PlanForm plan={saved} used={current ? data.used : 0} />}
            </QueryView>
          </div>
        </aside>
      </div>
    </div>
  );
}
