import { useState, type FormEvent } from 'react';
import type { AlertKind } from '../../../core/api/types';
import { useAddAlertRule } from './queries';
import { FormError } from '../components/FormError';
import { Button } from '../components/Button';
import { InputField, SelectField, type Choice } from '../components/Field';
import { useUnsavedChanges, useUnsavedGuard } from '../shell/unsavedChanges';

export const KIND_LABELS: Record<AlertKind, string> = {
  failure: 'A run fails',
  'failure-rate': 'Too many records fail in a run',
  idle: 'Scheduled runs send nothing',
  'plan-usage': 'Usage reaches 80% and 100% of the plan',
};

const KIND_CHOICES: Choice[] = Object.entries(KIND_LABELS).map(([value, label]) => ({
  value,
  label,
}));

/** Where an alert also goes besides this app: the form's two optional URLs. */
const URL_FIELDS = [
  {
    key: 'slack',
    label: 'Slack incoming webhook (optional)',
    placeholder: 'https://hooks.slack.com/services/…',
  },
  { key: 'webhook', label: 'Webhook (optional)', placeholder: 'https://example.com/ebb-alerts' },
] as const;

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

/** A new alert rule for the sync `syncId`: what fires it, and where it goes besides this app. */
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

  /** Adds the rule when the draft holds; answers whether it was added. */
  const saveNow = async (): Promise<boolean> => {
    setSubmitted(true);
    if (draftError(draft)) return false;
    try {
      await add.mutateAsync({
        sync: syncId,
        kind: draft.kind,
        ...(draft.kind === 'failure-rate' ? { threshold: Number(draft.percent) / 100 } : {}),
        ...(draft.kind === 'idle' ? { threshold: Number(draft.runs) } : {}),
        ...(draft.slack.trim() ? { slack: draft.slack.trim() } : {}),
        ...(draft.webhook.trim() ? { webhook: draft.webhook.trim() } : {}),
      });
    } catch {
      return false; // shown in the form by add.error
    }
    setDraft(EMPTY);
    setSubmitted(false);
    onAdded();
    return true;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saveNow();
  };
  // Like the other forms: leaving with something typed asks first; so does Escape.
  const dirty = JSON.stringify(draft) !== JSON.stringify(EMPTY);
  useUnsavedChanges(dirty, 'The new alert', saveNow);
  const guard = useUnsavedGuard();

  return (
    <form
      className="form alert-form"
      aria-label="New alert"
      onSubmit={submit}
      noValidate
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && guard.confirmLeave(onCancel)) onCancel();
      }}
    >
      <div className="row-fields">
        <SelectField
          label="Alert when"
          autoFocus
          value={draft.kind}
          onValue={(kind) => set({ kind: kind as AlertKind })}
          choices={KIND_CHOICES}
        />
        {draft.kind === 'failure-rate' && (
          <InputField
            label="More than"
            type="number"
            min={0}
            max={100}
            step="any"
            aria-label="Percent of records failed"
            value={draft.percent}
            onValue={(percent) => set({ percent })}
            hint="% of the records a run attempts"
          />
        )}
        {draft.kind === 'idle' && (
          <InputField
            label="After"
            type="number"
            min={1}
            aria-label="Scheduled runs in a row"
            value={draft.runs}
            onValue={(runs) => set({ runs })}
            hint="scheduled runs in a row that sent nothing"
          />
        )}
      </div>
      <div className="row-fields">
        {URL_FIELDS.map(({ key, label, placeholder }) => (
          <InputField
            key={key}
            label={label}
            mono
            type="url"
            placeholder={placeholder}
            value={draft[key]}
            onValue={(url) => set({ [key]: url })}
          />
        ))}
      </div>
      <FormError error={error ?? add.error} />
      <small className="muted">
        Every alert also shows here and as a desktop notification. URLs are stored encrypted and
        shown masked.
      </small>
      <div className="form-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" tone="primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add alert'}
        </Button>
      </div>
    </form>
  );
}
