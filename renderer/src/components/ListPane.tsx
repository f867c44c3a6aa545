import type { KeyboardEvent, ReactNode } from 'react';
import { EmptyState, isSettled, LoadStateView, type LoadState } from './States';
import { Button } from './Button';

/** One row of a list pane: what the screen knows of an item, laid out the same on every screen. */
export interface ListPaneItem {
  key: string;
  title: ReactNode;
  /** Status badges, right of the title. */
  badges?: ReactNode;
  /** Lines under the title, each one muted and cut with an ellipsis. */
  subtitle?: ReactNode[];
}

/** An "add" button of the header; `disabledReason` disables it and says why on hover. */
export interface ListPaneAdd {
  onAdd: () => void;
  label?: string;
  disabledReason?: string;
}

/** Arrow keys walk the rows (Home/End jump to the ends); Enter or Space selects (a native button). */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
  const jump = event.key === 'Home' ? 'first' : event.key === 'End' ? 'last' : undefined;
  if (step === undefined && !jump) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.entity')];
  if (rows.length === 0) return;
  event.preventDefault();
  const at = rows.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    jump === 'first'
      ? 0
      : jump === 'last'
        ? rows.length - 1
        : Math.min(rows.length - 1, Math.max(0, at === -1 ? 0 : at + step!));
  rows[next]!.focus();
}

/**
 * The left pane of a split screen (Warehouses, Destinations, Syncs, Models): a title with its add
 * action, then the items with one selected, or the empty, loading or error state in their place.
 */
export function ListPane({
  title,
  add,
  actions,
  notice,
  items,
  selectedKey,
  onSelect,
  state = {},
  loadingLabel = `Loading ${title.toLowerCase()}…`,
  errorTitle = `Could not load ${title.toLowerCase()}`,
  empty,
}: {
  title: string;
  add?: ListPaneAdd;
  /** Header buttons in place of (or besides) the add button. */
  actions?: ReactNode;
  /** A line between the header and the list (e.g. "every sync is paused"). */
  notice?: ReactNode;
  items: readonly ListPaneItem[];
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
  /** Loading and failed are states of the pane, not of the whole screen. */
  state?: LoadState;
  loadingLabel?: string;
  errorTitle?: string;
  empty: { title: string; body?: ReactNode; action?: ReactNode };
}) {
  const body = !isSettled(state) ? (
    <LoadStateView state={state} loadingLabel={loadingLabel} errorTitle={errorTitle} />
  ) : items.length === 0 ? (
    <EmptyState title={empty.title} action={empty.action}>
      {empty.body}
    </EmptyState>
  ) : (
    <ul className="entity-list" onKeyDown={moveFocus}>
      {items.map((item) => {
        const active = item.key === selectedKey;
        return (
          <li key={item.key}>
            <button
              type="button"
              className={active ? 'entity active' : 'entity'}
              aria-current={active ? 'true' : undefined}
              onClick={() => onSelect(item.key)}
            >
              <span className="entity-title spread">
                <span className="truncate">{item.title}</span>
                {item.badges && <span className="badge-row">{item.badges}</span>}
              </span>
              {item.subtitle?.map((line, i) => (
                <span key={i} className="entity-sub small">
                  {line}
                </span>
              ))}
            </button>
          </li>
        );
      })}
    </ul>
  );
  return (
    <section className="pane list-pane" aria-label={title}>
      <header className="pane-header">
        <h1>{title}</h1>
        {actions}
        {add && (
          <Button
            disabled={add.disabledReason !== undefined}
            title={add.disabledReason}
            onClick={add.onAdd}
          >
            {add.label ?? '+ Add'}
          </Button>
        )}
      </header>
      {notice}
      {body}
    </section>
  );
}
