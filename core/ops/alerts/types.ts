/** What raises an alert (issue 14.5); `threshold` says how much, where the kind needs one. */
export const ALERT_KINDS = ['failure', 'failure-rate', 'idle', 'plan-usage'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Where an alert goes besides the app (its desktop notification and history). */
export type AlertChannel = 'slack' | 'webhook';

export interface AlertRule {
  id: string;
  syncId: string;
  sync: string;
  kind: AlertKind;
  /** `failure-rate`: the share (0–1) of attempted records failed above which it fires; `idle`: K scheduled runs. */
  threshold: number | null;
  /** The channels' URLs, masked (they carry tokens and are stored sealed). */
  slack: string | null;
  webhook: string | null;
  createdAt: string;
}

export interface AlertDelivery {
  channel: AlertChannel;
  /** The URL, masked. */
  target: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** Why it failed (the receiver's answer or the network error); never the URL's secret. */
  error?: string;
  at?: string;
}

/** One alert raised (`ebb alerts NAME`, the sync's Alerts history). */
export interface AlertRecord {
  id: string;
  syncId: string;
  sync: string;
  ruleId: string | null;
  runId: string | null;
  /** `test`: sent from a rule by hand, to check its channels. */
  kind: AlertKind | 'test';
  /** A headline for the notification ("Sync failed", "Plan usage at 80%"). */
  title: string;
  message: string;
  /** `plan-usage`: the percentage of the plan reached (80 or 100). */
  level: number | null;
  createdAt: string;
  deliveries: AlertDelivery[];
}
