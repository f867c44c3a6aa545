import { useId, useMemo, useState, type FormEvent } from 'react';
import type { PlanName } from '../../../core/metering/plans';
import { records } from './format';
import {
  checkDraft,
  draftFromPlan,
  FREE_LIMIT,
  MAX_CYCLE_DAY,
  PLAN_LABEL,
  RECORDS_PER_API_CALL,
  RECORDS_PER_MTU,
  sameAsStored,
  TEAMS_LIMIT,
  type Basis,
  type NumberField,
  type PlanDraft,
  type StoredPlan,
} from './planDraft';
import { useSetPlan } from './queries';
import { Button } from '../components/Button';
import { FormError } from '../components/FormError';
import { useUnsavedChanges } from '../shell/unsavedChanges';

const PLANS: { id: PlanName; hint: string }[] = [
  { id: 'free', hint: `${records(FREE_LIMIT)} records` },
  { id: 'teams', hint: `${records(TEAMS_LIMIT)} records` },
  { id: 'business', hint: 'By MTUs or API calls' },
  { id: 'custom', hint: 'Your own limit' },
];

/** The number field that sizes the draft's plan. */
const sizeField = (draft: PlanDraft): NumberField =>
  draft.plan === 'custom' ? 'limit' : draft.basis;

const CYCLE_DAYS = Array.from({ length: MAX_CYCLE_DAY }, (_, i) => i + 1);

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

/**
 * The plan selector: plan, its size, the cycle day and zone, with the monthly limit previewed as
 * you type and saved through `plan.set`.
 */
export function PlanForm({ plan, used }: { plan: StoredPlan; used: number }) {
  const [draft, setDraft] = useState<PlanDraft>(() => draftFromPlan(plan));
  const [touched, setTouched] = useState<Partial<Record<NumberField, boolean>>>({});
  const [saved, setSaved] = useState(false);
  const save = useSetPlan();
  const check = useMemo(() => checkDraft(draft), [draft]);
  const unchanged = check.input !== null && sameAsStored(check.input, plan);
  const zones = useMemo(() => timeZones(draft.timeZone), [draft.timeZone]);
  const id = useId();

  // A plan changed elsewhere (the CLI, another window) replaces the draft unless it has edits.
  const planKey = JSON.stringify(plan);
  const [base, setBase] = useState(planKey);
  if (base !== planKey) {
    setBase(planKey);
    const edited =
      JSON.stringify(draft) !== JSON.stringify(draftFromPlan(JSON.parse(base) as StoredPlan));
    if (!edited) setDraft(draftFromPlan(plan));
  }

  const update = (patch: Partial<PlanDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
    save.reset();
  };
  /** Saves the draft when it holds; answers whether the stored plan is now the draft. */
  const saveNow = async (): Promise<boolean> => {
    setTouched({ mtus: true, apiCalls: true, limit: true });
    if (!check.input) return false;
    if (unchanged) return true;
    try {
      await save.mutateAsync(check.input);
    } catch {
      return false; // shown in the form by save.error
    }
    setSaved(true);
    return true;
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void saveNow();
  };
  // Another screen with a plan chosen or typed but not saved asks first, as the other forms do.
  const edited = JSON.stringify(draft) !== JSON.stringify(draftFromPlan(plan));
  useUnsavedChanges(edited && !unchanged, 'The plan', saveNow);

  const numberField = (field: NumberField, label: string, help: string) => {
    const error = touched[field] || draft[field] !== '' ? check.errors[field] : undefined;
    return (
      <label className="field">
        <span>{label}</span>
        <input
          className="input usage-number"
          inputMode="numeric"
          autoComplete="off"
          value={draft[field]}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-${field}-help`}
          onChange={(e) => update({ [field]: e.target.value })}
          onBlur={() => setTouched((t) => ({ ...t, [field]: true }))}
        />
        <small id={`${id}-${field}-help`} className={error ? 'field-error' : 'muted'}>
          {error ?? help}
        </small>
      </label>
    );
  };

  const limit = check.limit;
  const pausesNow = limit !== null && used >= limit;
  return (
    <section className="card usage-plan" aria-labelledby={`${id}-title`}>
      <div className="usage-card-head">
        <h2 id={`${id}-title`}>Plan</h2>
        <span className="muted small">
          Now: {PLAN_LABEL[plan.plan]}, {records(plan.limit)} records a month
        </span>
      </div>
      <form className="usage-plan-form" aria-label="Plan" onSubmit={onSubmit} noValidate>
        <fieldset className="usage-choices">
          <legend>Plan</legend>
          {PLANS.map((p) => (
            <label
              key={p.id}
              className={`framed usage-choice${draft.plan === p.id ? ' active' : ''}`}
            >
              <input
                type="radio"
                name={`${id}-plan`}
                value={p.id}
                checked={draft.plan === p.id}
                onChange={() => update({ plan: p.id })}
                aria-label={PLAN_LABEL[p.id]}
                aria-describedby={`${id}-${p.id}-hint`}
              />
              <span className="usage-choice-name" aria-hidden="true">
                {PLAN_LABEL[p.id]}
              </span>
              <span id={`${id}-${p.id}-hint`} className="usage-choice-hint">
                {p.hint}
              </span>
            </label>
          ))}
        </fieldset>

        {draft.plan === 'business' && (
          <>
            <fieldset className="segmented usage-basis">
              <legend>Sized by</legend>
              {(
                [
                  ['mtus', 'MTUs'],
                  ['apiCalls', 'API calls'],
                ] as [Basis, string][]
              ).map(([basis, label]) => (
                <label key={basis} className={`segment${draft.basis === basis ? ' active' : ''}`}>
                  <input
                    type="radio"
                    name={`${id}-basis`}
                    value={basis}
                    checked={draft.basis === basis}
                    onChange={() => update({ basis })}
                  />
                  {label}
                </label>
              ))}
            </fieldset>
            {draft.basis === 'mtus'
              ? numberField(
                  'mtus',
                  'Monthly tracked users (MTUs)',
                  `MTUs are the distinct users your destinations see in a month; each allows ${RECORDS_PER_MTU} records.`,
                )
              : numberField(
                  'apiCalls',
                  'Monthly API calls',
                  `The API calls your plan allows each month; each allows ${RECORDS_PER_API_CALL} records (one record per 4 calls).`,
                )}
          </>
        )}
        {draft.plan === 'custom' &&
          numberField(
            'limit',
            'Monthly record limit',
            'Records per billing cycle, summed over destinations.',
          )}

        <div className="usage-plan-row">
          <label className="field">
            <span>Cycle starts on</span>
            <select
              className="input"
              value={draft.cycleDay}
              onChange={(e) => update({ cycleDay: Number(e.target.value) })}
            >
              {CYCLE_DAYS.map((day) => (
                <option key={day} value={day}>
                  the {ordinal(day)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Time zone</span>
            <select
              className="input"
              value={draft.timeZone}
              onChange={(e) => update({ timeZone: e.target.value })}
            >
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
        </div>

        <div className={`usage-plan-preview${pausesNow ? ' bad' : ''}`} aria-live="polite">
          {limit === null ? (
            <span className="muted">
              {Object.keys(touched).length === 0 &&
              check.errors[sizeField(draft)] !== undefined &&
              draft[sizeField(draft)] === ''
                ? 'Enter the plan’s size above to see the monthly limit.'
                : 'Fix the highlighted field to see the monthly limit.'}
            </span>
          ) : (
            <>
              <span className="muted small">Monthly limit</span>
              <strong data-testid="plan-limit-preview">{records(limit)} records</strong>
              <span className="muted small">{check.explanation}</span>
              {pausesNow && (
                <span className="small">
                  This cycle already used {records(used)} records: syncs stay paused until the next
                  cycle.
                </span>
              )}
            </>
          )}
        </div>

        <FormError error={save.error} />
        <div className="form-actions">
          {saved && unchanged && (
            <span className="usage-saved" role="status">
              Saved
            </span>
          )}
          <Button
            disabled={unchanged || save.isPending}
            onClick={() => {
              setDraft(draftFromPlan(plan));
              setTouched({});
              save.reset();
            }}
          >
            Discard
          </Button>
          <Button
            type="submit"
            tone="primary"
            disabled={!check.input || unchanged || save.isPending}
          >
            {save.isPending ? 'Saving…' : 'Save plan'}
          </Button>
        </div>
      </form>
    </section>
  );
}
