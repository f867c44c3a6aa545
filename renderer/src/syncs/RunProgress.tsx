import type { ApiEvents } from '../../../core/api/contract';
import type { RunStatus } from '../../../core/api/types';
import { count } from './format';

export type Progress = ApiEvents['run.progress'];

const PHASES: Record<Progress['phase'], string> = {
  extract: 'Extracting from the warehouse',
  diff: 'Computing the diff',
  load: 'Sending to the destination',
  commit: 'Committing state',
  done: 'Done',
};

/** How a finished run that did not get through everything is headed (succeeded/partial: Done). */
const STOPPED: Partial<Record<RunStatus, string>> = {
  cancelled: 'Cancelled',
  failed: 'Failed',
  paused: 'Paused',
};

/**
 * The live run: phase, changes and a bar of records handled out of those to handle. `outcome`
 * is the finished run's status: a cancelled, failed or paused run keeps the bar where it stopped.
 */
export function RunProgress({ progress, outcome }: { progress: Progress; outcome?: RunStatus }) {
  const determinate = progress.total !== null;
  const total = progress.total ?? 0;
  const stopped = progress.phase === 'done' && outcome ? STOPPED[outcome] : undefined;
  const label = stopped ?? PHASES[progress.phase];
  const value = progress.phase === 'done' && !stopped ? total : Math.min(progress.done, total);
  const percent =
    determinate && total > 0
      ? Math.round((value / total) * 100)
      : progress.phase === 'done' && !stopped
        ? 100
        : 0;
  return (
    <div className="framed run-progress" aria-label="Run progress" role="region">
      <div className="progress-line">
        <strong>{label}</strong>
        <span className="muted small">
          {determinate && `${count(value)} of ${count(total)} records`}
          {progress.changes &&
            ` · ${count(progress.changes.new)} new, ${count(progress.changes.updated)} updated, ${count(progress.changes.deleted)} deleted`}
          {` · ${count(progress.delivered)} delivered`}
          {progress.failed > 0 && `, ${count(progress.failed)} failed`}
        </span>
      </div>
      <div
        className={
          determinate || progress.phase === 'done' ? 'progress-bar' : 'progress-bar indeterminate'
        }
        role="progressbar"
        aria-label="Records handled"
        aria-valuemin={0}
        aria-valuemax={determinate ? total : undefined}
        aria-valuenow={determinate ? value : undefined}
        aria-valuetext={`${label}${determinate ? `, ${value} of ${total}` : ''}`}
      >
        <div
          className="progress-fill"
          style={{ width: determinate || progress.phase === 'done' ? `${percent}%` : undefined }}
        />
      </div>
    </div>
  );
}
