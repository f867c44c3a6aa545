import type { AlertRecord } from './types.js';

/** A notification's headline for an alert (its message says the rest). */
export function alertTitle(kind: AlertRecord['kind'], level: number | null): string {
  switch (kind) {
    case 'failure':
      return 'Sync failed';
    case 'failure-rate':
      return 'Failure rate above threshold';
    case 'idle':
      return 'Sync sent nothing';
    case 'plan-usage':
      return `Plan usage at ${level ?? 80}%`;
    case 'test':
      return 'Test alert';
  }
}
