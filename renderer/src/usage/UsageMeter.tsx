import type { UsageReport } from '../../../core/metering/usageReport';
import { dayDate, instantDate, percentText, records } from './format';
import { PLAN_LABEL } from './planDraft';
import { Button } from '../components/Button';

/** The cycle's used / limit as a bar, with the reset date and what is left. */
export function UsageMeter({ report, current }: { report: UsageReport; current: boolean }) {
  const tone = report.paused ? 'paused' : report.warning ? 'warning' : 'normal';
  const fill = Math.min(100, report.limit > 0 ? (report.used / report.limit) * 100 : 100);
  const reset = instantDate(report.cycleEnd, report.timeZone);
  return (
    <section className="card usage-meter" aria-labelledby="usage-meter-title">
      <div className="usage-meter-head">
        <div>
          <h2 id="usage-meter-title">{current ? 'This billing cycle' : 'Billing cycle'}</h2>
          <p className="muted small">
            {dayDate(report.firstDay)} – {dayDate(report.lastDay)}
          </p>
        </div>
        <span className={`usage-pill ${tone}`}>
          {tone === 'paused' ? 'Limit reached' : tone === 'warning' ? 'Near the limit' : 'On track'}
        </span>
      </div>
      <div className="usage-meter-figures" data-testid="usage-figures">
        <span className="usage-used">{records(report.used)}</span>
        <span className="muted">
          of {records(report.limit)} records <span className="sr-only">used</span>
        </span>
        <span className={`usage-percent ${tone}`}>{percentText(report.percent)}</span>
      </div>
      <div
        className={`usage-bar ${tone}`}
        role="meter"
        aria-label="Records used this cycle"
        aria-valuemin={0}
        aria-valuemax={report.limit}
        aria-valuenow={Math.min(report.used, report.limit)}
        aria-valuetext={`${records(report.used)} of ${records(report.limit)} records (${percentText(report.percent)})`}
      >
        <div className="usage-bar-fill" style={{ width: `${fill}%` }} />
        <div className="usage-bar-tick" style={{ left: '80%' }} title="Warning at 80%" />
      </div>
      <dl className="usage-facts">
        <div>
          <dt>{current ? 'Resets on' : 'Ended on'}</dt>
          <dd>{reset}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>{records(report.remaining)}</dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd>{PLAN_LABEL[report.plan]}</dd>
        </div>
        {report.reserved > 0 && (
          <div>
            <dt>In flight</dt>
            <dd>{records(report.reserved)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/** The banner above the meter: a warning from 80%, a pause at 100%. */
export function UsageBanner({
  report,
  onChangePlan,
}: {
  report: UsageReport;
  onChangePlan: () => void;
}) {
  if (!report.warning && !report.paused) return null;
  const reset = instantDate(report.cycleEnd, report.timeZone);
  if (report.paused) {
    return (
      <div className="usage-banner paused" role="alert">
        <span className="usage-banner-icon" aria-hidden="true">
          ❚❚
        </span>
        <div>
          <strong>Syncs are paused until {reset}; pending changes go out then.</strong>
          <p>
            This cycle used {records(report.used)} of its {records(report.limit)} records. Raise the
            limit to resume sooner.
          </p>
        </div>
        <Button onClick={onChangePlan}>Change plan</Button>
      </div>
    );
  }
  return (
    <div className="usage-banner warning" role="status">
      <span className="usage-banner-icon" aria-hidden="true">
        !
      </span>
      <div>
        <strong>{percentText(report.percent)} of this cycle’s limit is used.</strong>
        <p>
          {records(report.remaining)} records remain until {reset}. At {records(report.limit)} syncs
          pause and their pending changes wait for the next cycle.
        </p>
      </div>
      <Button onClick={onChangePlan}>Change plan</Button>
    </div>
  );
}
