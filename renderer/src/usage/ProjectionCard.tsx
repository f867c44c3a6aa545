import type { UsageReport } from '../../../core/metering/usageReport';
import { dayDate, instantDate, records } from './format';

/** Where the cycle is heading at the recent daily pace (or the schedules', whichever is larger). */
export function ProjectionCard({ report, today }: { report: UsageReport; today: string }) {
  const projection = report.projection;
  const todayCount = report.byDay.find((d) => d.day === today)?.processed ?? 0;
  // The engine's pace averages complete days, so a first busy day projects nothing yet.
  const todayOnly =
    !!projection && projection.perDay === 0 && todayCount > 0 && !projection.limitReachedDay;
  const reset = instantDate(report.cycleEnd, report.timeZone);
  return (
    <section className="card usage-projection" aria-labelledby="usage-projection-title">
      <div className="usage-card-head">
        <h2 id="usage-projection-title">Projection</h2>
        {report.paused ? (
          <span className="usage-pill paused">Syncs paused</span>
        ) : (
          projection?.wouldExceed && <span className="usage-pill paused">Over the limit</span>
        )}
      </div>
      {!projection ? (
        <p className="muted">Projections are for the current cycle only.</p>
      ) : projection.perDay === 0 && report.used === 0 ? (
        <p className="muted">
          Nothing to project yet: the projection starts from the first day with usage and from the
          syncs’ schedules.
        </p>
      ) : (
        <>
          <p className="usage-projected">
            <span className="usage-projected-total" data-testid="projected-total">
              {records(projection.projectedTotal)}
            </span>
            <span className="muted"> records by {reset}</span>
          </p>
          <dl className="usage-facts compact">
            <div>
              <dt>Pace</dt>
              <dd>{records(projection.perDay)} / day</dd>
            </div>
            <div>
              <dt>Days left</dt>
              <dd>{projection.daysLeft.toLocaleString(undefined, { maximumFractionDigits: 1 })}</dd>
            </div>
            <div>
              <dt>Limit</dt>
              <dd>{records(report.limit)}</dd>
            </div>
          </dl>
          {projection.limitReachedDay ? (
            <p
              className={`usage-projection-note ${projection.wouldExceed || report.paused ? 'bad' : ''}`}
            >
              {report.paused
                ? `The limit was reached; syncs resume on ${reset}.`
                : `At this pace the limit is reached on ${dayDate(projection.limitReachedDay)}, and syncs pause until ${reset}.`}
            </p>
          ) : todayOnly ? (
            <p className="usage-projection-note">
              The pace counts complete days: today’s {records(todayCount)} records join it tomorrow.
            </p>
          ) : (
            <p className="usage-projection-note good">
              At this pace the cycle stays within its limit.
            </p>
          )}
          <p className="muted small">
            Pace is the larger of the recent daily average ({records(projection.observedPerDay)}
            /day) and the syncs’ schedules ({records(projection.expectedPerDay)}/day).
          </p>
        </>
      )}
    </section>
  );
}
