import type { RunStatus } from '../../../core/api/types';

const TONE: Record<RunStatus, string> = {
  running: 'accent',
  succeeded: 'ok',
  partial: 'warn',
  failed: 'error',
  paused: 'warn',
  cancelled: '',
};

export function StatusBadge({ status }: { status: RunStatus | 'never run' }) {
  return (
    <span className={`badge status ${status === 'never run' ? '' : TONE[status]}`}>{status}</span>
  );
}
