import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useToast } from './Toasts';

/** How long a delete can be undone: the toast that offers Undo stays this long. */
export const UNDO_MS = 8000;

export interface Deletion {
  /** The deleted item's id: lists leave it out while its delete waits. */
  id: string;
  /** What the toast names: `model “Users”`. */
  what: string;
  /** The API call that deletes it, made once the time to undo is over. */
  remove: () => Promise<unknown>;
  /** The queries read again once it is deleted (its list). */
  refreshes: QueryKey;
}

interface PendingDeletes {
  hidden: ReadonlySet<string>;
  start(deletion: Deletion): void;
}

const PendingContext = createContext<PendingDeletes | null>(null);

/**
 * Deletes that can be undone: the item leaves its list at once and a toast offers Undo; the
 * engine is asked to delete only when the toast has gone. Leaving the page sends the deletes
 * still waiting, so what was deleted stays deleted.
 */
export function UndoableDeleteProvider({ children }: { children: ReactNode }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const waiting = useRef(new Map<string, { timer: number; deletion: Deletion }>());

  const hide = useCallback((id: string, on: boolean) => {
    setHidden((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const send = useCallback(
    (deletion: Deletion) => {
      waiting.current.delete(deletion.id);
      deletion.remove().then(
        // Shown again only after its list has been read without it (no flash of the old row).
        () =>
          void queryClient
            .invalidateQueries({ queryKey: deletion.refreshes })
            .finally(() => hide(deletion.id, false)),
        (error: unknown) => {
          hide(deletion.id, false);
          toast(
            {
              tone: 'error',
              title: `Could not delete ${deletion.what}`,
              body: error instanceof Error ? error.message : String(error),
            },
            10_000,
          );
        },
      );
    },
    [hide, queryClient, toast],
  );

  const start = useCallback(
    (deletion: Deletion) => {
      hide(deletion.id, true);
      const timer = window.setTimeout(() => send(deletion), UNDO_MS);
      waiting.current.set(deletion.id, { timer, deletion });
      toast(
        {
          tone: 'info',
          title: `Deleted ${deletion.what}`,
          action: {
            label: 'Undo',
            run: () => {
              window.clearTimeout(timer);
              waiting.current.delete(deletion.id);
              hide(deletion.id, false);
            },
          },
        },
        UNDO_MS,
      );
    },
    [hide, send, toast],
  );

  useEffect(() => {
    const flush = () => {
      for (const { timer, deletion } of [...waiting.current.values()]) {
        window.clearTimeout(timer);
        send(deletion);
      }
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [send]);

  const value = useMemo(() => ({ hidden, start }), [hidden, start]);
  return <PendingContext.Provider value={value}>{children}</PendingContext.Provider>;
}

function usePending(): PendingDeletes {
  const pending = useContext(PendingContext);
  if (!pending) throw new Error('undoable deletes need an UndoableDeleteProvider');
  return pending;
}

/** Starts a delete that the analyst can undo for UNDO_MS. */
export const useUndoableDelete = (): ((deletion: Deletion) => void) => usePending().start;

/** The items of a list without those whose delete is waiting. */
export function useWithoutDeleted<T extends { id: string }>(items: readonly T[]): T[] {
  const { hidden } = usePending();
  return useMemo(() => items.filter((item) => !hidden.has(item.id)), [items, hidden]);
}
