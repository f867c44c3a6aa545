import { useState, type FormEvent } from 'react';
import type { AlertKind } from '../../../core/api/types';
import { useAddAlertRule } from './queries';

export const KIND_LABELS: Record<AlertKind, string> = {
  failure: 'A run fails',
  'failure-rate': 'Too many records fail in a run',
  idle: 'Scheduled runs send nothing',
  'plan-usage': 'Usage reaches 80% and 100% of the plan',
};

const isHttpUrl = (text: string) => /^https?:\/\/\S+$/i.test(text.trim());

interface Draft {
  kind: AlertKind;
  percent: string;
  runs: string;
  slack: string;
  webhook: string;
}

const EMPTY: Draft = { kind: 'failure', percent: '10', runs: '3', slack: '', webhook: '' };

function draftError(draft: Draft): string | null {
  if (draft.kind === 'failure-rate') {
    const percent = Number(draft.percent);
    if (!(percent > 0 && percent < 100))
      return 'The failure rate is a percentage between 0 and 100.';
  }
  if (draft.kind === 'idle' && !/^[1-9]\d*$/.test(draft.runs.trim()))
    return 'The number of scheduled runs is a whole number, at least 1.';
  if (draft.slack.trim() && !isHttpUrl(draft.slack))
    return 'The Slack webhook URL starts with https://.';
  if (draft.webhook.trim() && !isHttpUrl(draft.webhook))
    return 'The webhook URL starts with http:// or https://.';
  return null;
}

/** A new alert rule: what fires it, and where it goes besides this app. */
export function AlertRuleForm({
  syncId,
  onAdded,
  onCancel,
}: {
  syncId: string;
  onAdded: () => void;
  onCancel: () => void;
}) {
  const add = useAddAlertRule();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? draftError(draft) : null;
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (draftError(draft)) return;
    add.mutate(
      {
        sync: syncId,
        kind: draft.kind,
        ...(draft.kind === 'failure-rate' ? { threshold: Number(draft.percent) / 100 } : {}),
        ...(draft.kind === 'idle' ? { threshold: Number(draft.runs) } : {}),
        ...(draft.slack.trim() ? { slack: draft.slack.trim() } : {}),
        ...(draft.webhook.trim() ? { webhook: draft.webhook.trim() } : {}),
      },
      {
        onSuccess: () => {
          setDraft(EMPTY);
          setSubmitted(false);
          onAdded();
        },
      },
    );
  };

  return (
    <form className="form alert-form" aria-label="New alert" onSubmit={submit} noValidate>
      <div className="row-fields">
        <label className="field">
          <span>Alert when</span>
          <select
            className="input"
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as AlertKind })}
          >
            {(Object.keys(KIND_LABELS) as AlertKind[]).map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        {draft.kind === 'failure-rate' && (
          <label className="field">
            <span>More than</span>
            <input
              className="input"
              type="number"
              min={0}
              max={100}
              step="any"
              aria-label="Percent of records failed"
              value={draft.percent}
              onChange={(e) => set({ percent: e.target.value })}
            />
            <small className="muted">% of the records a run attempts</small>
          </label>
        )}
        {draft.kind === 'idle' && (
          <label className="field">
            <span>After</span>
            <input
              className="input"
              type="number"
              min={1}
              aria-label="Scheduled runs in a row"
              value={draft.runs}
              onChange={(e) => set({ runs: e.target.value })}
            />
            <small className="muted">scheduled runs in a row that sent nothing</small>
          </label>
        )}
      </div>
      <div className="row-fields">
        <label className="field">
          <span>Slack incoming webhook (optional)</span>
          <input
            className="input mono"
            type="url"
            placeholder="https://hooks.slack.com/services/…"
            value={draft.slack}
            onChange={(e) => set({ slack: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Webhook (optional)</span>
          <input
            className="input mono"
            type="url"
            placeholder="https://example.com/ebb-alerts"
            value={draft.webhook}
            onChange={(e) => set({ webhook: e.target.value })}
          />
        </label>
      </div>
      {(error ?? add.error) && (
        <p className="form-error" role="alert">
          {error ?? add.error!.message}
        </p>
      )}
      <small className="muted">
        Every alert also shows here and as a desktop notification. URLs are stored encrypted and
        shown masked.
      </small>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add alert'}
        </button>
      </div>
    </form>
  );
}
