import { useState } from 'react';
import type { SettingSpec } from '../../../core/destinations/settings';
import {
  changedSettings,
  draftSettings,
  initialDraft,
  validateDraft,
  type SettingsDraft,
} from './settingsDraft';

/** A warehouse kind or a destination type as the connection form reads it: settings, no code. */
export interface ConnectionKind {
  id: string;
  label: string;
  description: string;
  settings: SettingSpec[];
}

/** A saved connection being edited: its kind is fixed, its secrets stay unless typed again. */
export interface SavedConnection {
  kind: string;
  name: string;
  settings: Record<string, unknown>;
}

/**
 * The state of a connection form (warehouses and destinations alike): the kind picked, the name,
 * the settings as typed, which errors show yet, and the settings as the API takes them.
 * `onEdited` runs on every change of a value (a test result describes the values it tested).
 */
export function useConnectionDraft(
  kinds: readonly ConnectionKind[],
  saved: SavedConnection | undefined,
  onEdited: () => void,
) {
  const editing = saved !== undefined;
  const [kind, setKind] = useState(saved?.kind ?? kinds[0]?.id ?? '');
  const info = kinds.find((k) => k.id === kind);
  const specs = info?.settings ?? [];
  const [name, setName] = useState(saved?.name ?? '');
  const [initial, setInitial] = useState<SettingsDraft>(() => initialDraft(specs, saved?.settings));
  const [draft, setDraft] = useState<SettingsDraft>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [testing, setTesting] = useState(false);

  // What the form opened with: anything typed or picked since is an unsaved edit.
  const typed = JSON.stringify([kind, name, draft]);
  const [opened] = useState(typed);

  const errors = validateDraft(specs, draft, editing);
  const settingsValid = Object.keys(errors).length === 0;
  const nameError = name.trim() ? undefined : 'A name is required.';

  return {
    editing,
    /** Whether the kind, the name or a setting differs from what the form opened with. */
    dirty: typed !== opened,
    kind,
    info,
    specs,
    name,
    setName,
    draft,
    errors,
    nameError,
    /** Only on save: shown on blur, the name's error would move the buttons under the pointer. */
    nameErrorShown: submitted ? nameError : undefined,
    shown: (key: string) => submitted || testing || touched.has(key),
    touch: (key: string) => setTouched((t) => new Set(t).add(key)),
    change: (patch: Partial<SettingsDraft>) => {
      setDraft((d) => ({ ...d, ...patch }));
      onEdited();
    },
    pickKind: (next: string) => {
      setKind(next);
      const fresh = initialDraft(kinds.find((k) => k.id === next)?.settings ?? []);
      setInitial(fresh);
      setDraft(fresh);
      setTouched(new Set());
      setTesting(false);
      onEdited();
    },
    /** Marks the form submitted; true when the name and every setting are valid. */
    submit: (): boolean => {
      setSubmitted(true);
      return !nameError && settingsValid;
    },
    /** Marks the form tested (errors show); true when the settings can be tested. */
    test: (): boolean => {
      setTesting(true);
      return settingsValid;
    },
    /** Every setting with a value: a new connection's settings (defaults fill the rest). */
    settings: () => draftSettings(specs, draft),
    /** Only what the user changed, as an update takes it. */
    changes: () => changedSettings(specs, initial, draft),
    /** The name to send with an update: undefined when unchanged. */
    renamed: (): string | undefined => (name.trim() === saved?.name ? undefined : name.trim()),
  };
}

export type ConnectionDraft = ReturnType<typeof useConnectionDraft>;
