import type { ApiEvents } from '../../../core/api/contract';
import { count } from './format';

export type Progress = ApiEvents['run.progress'];

const PHASES: Record<Progress['phase'], string> = {
  extract: 'Extracting from the warehouse',
  diff: 'Computing the diff',
  load: 'Sending to the destination',
  commit: 'Committing state',
  done: 'Done',
};

/** The live run: phase, changes and a bar of records handled out of those to handle. */
export function RunProgress({ progress }: { progress: Progress }) {
  const determinate = progress.total !== null;
  const total = progress.total ?? 0;
  const value = progress.phase === 'done' ? total : Math.min(progress.done, total);
  const percent =
    determinate && total > 0
      ? Math.round((value / total) * 100)
      : progress.phase === 'done'
        ? 100
        : 0;
  return (
    <div className="run-progress" aria-label="Run progress" role="region">
      <div className="progress-line">
        <strong>{PHASES[progress.phase]}</strong>
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
        aria-valuetext={`${PHASES[progress.phase]}${determinate ? `, ${value} of ${total}` : ''}`}
      >
        <div
          className="progress-fill"
          style={{ width: determinate || progress.phase === 'done' ? `${percent}%` : undefined }}
        />
      </div>
    </div>
  );
}
