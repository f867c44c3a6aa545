import type { RunSummary, SyncSummary } from '../../../core/api/types';
import { formatCount } from '../components/wholeNumber';

/** A count in the user's own locale ("2,000", "2.000", "2 000"). */
export const count = formatCount;

/** How the sync runs by itself, in a few words: "paused", "next in 12 min", "manual". */
export function scheduleState(sync: SyncSummary): string {
  if (!sync.schedule) return 'manual';
  if (sync.paused) return `schedule paused (${sync.schedule})`;
  return `every ${sync.schedule}, next ${relative(sync.nextRunAt)}`;
}

/** "12 delivered, 1 failed, 3 rejected" — the run in one line. */
export function runHeadline(run: RunSummary): string {
  const parts = [`${count(run.delivered)} delivered`];
  if (run.failed) parts.push(`${count(run.failed)} failed`);
  if (run.rejected) parts.push(`${count(run.rejected)} rejected`);
  if (run.pending) parts.push(`${count(run.pending)} pending`);
  return run.message ? `${parts.join(', ')} — ${run.message}` : parts.join(', ');
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString();
}

/** A relative time: "in 12 min", "3 h ago", "due now". */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (diff <= 0 && abs > 365 * 86_400_000) return 'due now';
  if (abs < 60_000) return diff >= 0 ? 'in a moment' : 'just now';
  const unit =
    abs < 3_600_000
      ? `${Math.round(abs / 60_000)} min`
      : abs < 86_400_000
        ? `${Math.round(abs / 3_600_000)} h`
        : `${Math.round(abs / 86_400_000)} d`;
  return diff >= 0 ? `in ${unit}` : `${unit} ago`;
}

/** The run's errors as CSV (RFC 4180 quoting), ready for a Blob download. */
export function errorsCsv(errors: { id: string | null; reason: string }[]): string {
  const cell = (v: string | null) => {
    const text = v ?? '';
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    ['id,reason', ...errors.map((e) => `${cell(e.id)},${cell(e.reason)}`)].join('\r\n') + '\r\n'
  );
}

export function download(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
