import { useState, type FormEvent, type ReactNode } from 'react';
import { ConfirmSave } from './ConfirmSave';
import { ConnectionCheckResult } from './ConnectionCheckResult';
import { SettingField } from './SettingField';
import type { ConnectionDraft } from './useConnectionDraft';
import { FormError } from './FormError';
import { Button } from './Button';
import { useUnsavedChanges, useUnsavedGuard } from '../shell/unsavedChanges';

interface Props {
  form: ConnectionDraft;
  kinds: readonly { id: string; label: string }[];
  /** "warehouse" or "destination": the form's label, heading and type legend say it. */
  noun: string;
  /** The saved connection's name in the edit heading. */
  savedName?: string;
  namePlaceholder?: string;
  /** Fields of the Advanced section after the kind's own advanced settings. */
  advancedExtra?: ReactNode;
  advancedOpen?: boolean;
  /** The "Test connection" call of the values in the form. */
  tester: {
    isPending: boolean;
    isSuccess: boolean;
    isError: boolean;
    data?: { tookMs: number };
    error: Error | null;
  };
  /** An action offered with a failed test (the file destination's "Create folder"). */
  checkFix?: ReactNode;
  /** What to ask before saving after a failed test. */
  failedTestQuestion?: string;
  /** Lines under the test result (e.g. why the fix failed). */
  notes?: ReactNode;
  saving: boolean;
  saveError: Error | null;
  addLabel: string;
  /** A question of the screen's own to answer before the save goes on. */
  confirm?: ReactNode;
  /** Whether fields outside the settings (e.g. a state schema) are valid. */
  extraValid?: boolean;
  /** Whether fields outside the settings (e.g. a state schema) were edited. */
  extraDirty?: boolean;
  onSave: () => void;
  onTest: () => void;
  onCancel: () => void;
}

/**
 * The add and edit form of every warehouse kind and destination type, generated from the kind's
 * declared settings: a new kind needs no code here. Escape cancels, asking first when something
 * was typed; so does leaving the form for another item or screen.
 */
export function ConnectionForm({
  form,
  kinds,
  noun,
  savedName,
  namePlaceholder,
  advancedExtra,
  advancedOpen,
  tester,
  checkFix,
  failedTestQuestion = 'The connection test failed. Save these settings anyway?',
  notes,
  saving,
  saveError,
  addLabel,
  confirm,
  extraValid = true,
  extraDirty = false,
  onSave,
  onTest,
  onCancel,
}: Props) {
  const { editing, kind, info, specs } = form;
  /** Saving after a failed test waits for "Save anyway" (a new test or an edit ends the question). */
  const [confirming, setConfirming] = useState(false);
  /** The form's own save, with its checks and questions; true when the save was sent. */
  const trySave = (): boolean => {
    if (!form.submit() || !extraValid) return false;
    if (tester.isError) setConfirming(true);
    else onSave();
    return true;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    trySave();
  };
  // The question's Save runs the form's save and stays here: the form closes itself once saved
  // (a failed test or a state-schema move asks its own question first), and nothing typed is lost.
  const what = editing ? `The ${noun} “${savedName ?? ''}”` : `The new ${noun}`;
  useUnsavedChanges(form.dirty || extraDirty, what, () => {
    trySave();
    return Promise.resolve(false);
  });
  const guard = useUnsavedGuard();
  const test = () => {
    setConfirming(false);
    if (form.test() && extraValid) onTest();
  };
  const field = (spec: (typeof specs)[number]) => (
    <SettingField
      key={`${kind}.${spec.key}`}
      spec={spec}
      draft={form.draft}
      errors={form.errors}
      shown={form.shown}
      editing={editing}
      onChange={form.change}
      onBlur={form.touch}
    />
  );
  const advanced = specs.filter((s) => s.advanced);
  const capitalNoun = noun[0]!.toUpperCase() + noun.slice(1);

  return (
    <form
      className="card form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && guard.confirmLeave(onCancel)) onCancel();
      }}
      aria-label={`${editing ? 'Edit' : 'Add'} ${noun}`}
      noValidate
    >
      <h3>{editing ? `Edit ${savedName}` : `Add a ${noun}`}</h3>
      {editing ? (
        <p className="muted small">
          <span className="badge">{info?.label ?? kind}</span> {info?.description}
        </p>
      ) : (
        <>
          <fieldset className="segmented wrap">
            <legend className="sr-only">{capitalNoun} type</legend>
            {kinds.map((k) => (
              <label key={k.id} className={kind === k.id ? 'segment active' : 'segment'}>
                <input
                  type="radio"
                  name="kind"
                  value={k.id}
                  checked={kind === k.id}
                  onChange={() => form.pickKind(k.id)}
                />
                {k.label}
              </label>
            ))}
          </fieldset>
          {info && <p className="muted small">{info.description}</p>}
        </>
      )}
      <label className="field">
        <span>Name</span>
        <input
          className={`input${form.nameErrorShown ? ' invalid' : ''}`}
          aria-label="Name"
          autoComplete="off"
          autoFocus={!editing}
          placeholder={namePlaceholder}
          value={form.name}
          onChange={(e) => form.setName(e.target.value)}
        />
        {form.nameErrorShown && <small className="field-error">{form.nameErrorShown}</small>}
      </label>
      {specs.filter((s) => !s.advanced).map(field)}
      {(advanced.length > 0 || advancedExtra) && (
        <details className="advanced-settings" open={advancedOpen}>
          <summary>Advanced</summary>
          {advanced.map(field)}
          {advancedExtra}
        </details>
      )}
      <ConnectionCheckResult check={tester} fix={checkFix} />
      {notes}
      {confirming && tester.isError && (
        <ConfirmSave
          onBack={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            onSave();
          }}
        >
          {failedTestQuestion}
        </ConfirmSave>
      )}
      {confirm}
      <FormError error={saveError} />
      <div className="form-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          disabled={tester.isPending}
          onClick={test}
          title="Test the connection with the values in the form, without saving"
        >
          {tester.isPending ? 'Testing…' : 'Test connection'}
        </Button>
        <Button type="submit" tone="primary" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : addLabel}
        </Button>
      </div>
    </form>
  );
}
