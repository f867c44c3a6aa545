import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '../components/Button';

/** What has unsaved edits, and how to save it (answers whether the save went through). */
interface Unsaved {
  what: string;
  save(): Promise<boolean>;
}

interface Guard {
  /** Marks (or, with null, clears) the unsaved edits of the open editor. */
  set(entry: Unsaved | null): void;
  /**
   * Asks before leaving unsaved edits: answers true when nothing is unsaved (leave now);
   * otherwise shows Save / Discard / Cancel and calls `leave` after a save or a discard.
   * `before` ends the question ("Save them before …?"; "leaving" unless told).
   */
  confirmLeave(leave: () => void, before?: string): boolean;
}

const GuardContext = createContext<Guard | null>(null);

/** One guard for the app: in-app navigation asks, and a reload or a closed tab asks the browser. */
export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  const entry = useRef<Unsaved | null>(null);
  const [asking, setAsking] = useState<{ what: string; before: string; leave: () => void } | null>(
    null,
  );
  const [saving, setSaving] = useState(false);
  const guard = useRef<Guard>({
    set: (next) => (entry.current = next),
    confirmLeave(leave, before = 'leaving') {
      if (!entry.current) return true;
      setAsking({ what: entry.current.what, before, leave });
      return false;
    },
  });

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!entry.current) return;
      event.preventDefault();
      // Older engines show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const leave = () => {
    const next = asking;
    entry.current = null;
    setAsking(null);
    next?.leave();
  };

  return (
    <GuardContext.Provider value={guard.current}>
      {children}
      {asking && (
        <div className="modal-backdrop">
          <div
            className="modal"
            role="alertdialog"
            aria-modal="true"
            aria-label="Unsaved changes"
            aria-describedby="unsaved-changes-text"
            // Escape answers Cancel (the question opens with the focus on Save): the edits stay.
            // On the dialog, not the window: the Escape that asked the question must not answer it.
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              event.preventDefault();
              setAsking(null);
            }}
          >
            <h2>Unsaved changes</h2>
            <p id="unsaved-changes-text">
              <strong>{asking.what}</strong> has changes that are not saved. Save them before{' '}
              {asking.before}?
            </p>
            <div className="button-row end">
              <Button onClick={() => setAsking(null)}>Cancel</Button>
              <Button tone="danger" onClick={leave}>
                Discard
              </Button>
              <Button
                tone="primary"
                autoFocus
                disabled={saving}
                onClick={() => {
                  const current = entry.current;
                  if (!current) return leave();
                  setSaving(true);
                  void current
                    .save()
                    .then((saved) => (saved ? leave() : setAsking(null)))
                    .finally(() => setSaving(false));
                }}
              >
                {saving ? 'Saving…' : 'Save'}
              </Button>
            </div>
          </div>
        </div>
      )}
    </GuardContext.Provider>
  );
}

export function useUnsavedGuard(): Guard {
  const guard = useContext(GuardContext);
  if (!guard) throw new Error('useUnsavedGuard needs an UnsavedChangesProvider');
  return guard;
}

/**
 * Runs `go` now when nothing is unsaved, else after the question's Save or Discard (`before`
 * ends the question, as in confirmLeave).
 */
export function useGuarded(): (go: () => void, before?: string) => void {
  const guard = useUnsavedGuard();
  return (go, before) => {
    if (guard.confirmLeave(go, before)) go();
  };
}

/** Registers the caller's unsaved edits while `dirty`, and clears them when it goes away. */
export function useUnsavedChanges(dirty: boolean, what: string, save: () => Promise<boolean>) {
  const guard = useUnsavedGuard();
  const latest = useRef(save);
  useEffect(() => {
    latest.current = save;
  });
  useEffect(() => {
    guard.set(dirty ? { what, save: () => latest.current() } : null);
    return () => guard.set(null);
  }, [guard, dirty, what]);
}
