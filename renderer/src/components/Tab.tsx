import type { ButtonHTMLAttributes, KeyboardEvent, ReactNode } from 'react';

/**
 * One tab of a TabList: announced as selected or not, drawn as a `tab` (or a `segment` of a
 * segmented switch) that is `active` when selected. Only the selected tab is in the Tab order;
 * the arrow keys move between the others (TabList).
 */
export function Tab({
  selected,
  look = 'tab',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { selected: boolean; look?: 'tab' | 'segment' }) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      className={selected ? `${look} active` : look}
      {...rest}
    />
  );
}

const MOVES = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];

/**
 * A `role="tablist"` that the keyboard walks as the WAI-ARIA tabs pattern has it: Left and Right
 * move to the previous and next tab (round the ends), Home and End to the first and last, and the
 * tab moved to is opened (its click, so a guarded tab still asks). Disabled tabs are skipped.
 */
export function TabList({
  label,
  className = 'tabs',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!MOVES.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    const tabs = Array.from(
      event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]'),
    ).filter((tab) => !tab.disabled);
    const at = tabs.indexOf(event.target as HTMLButtonElement);
    if (at < 0) return;
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? tabs.length - 1
          : (at + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
    event.preventDefault();
    const tab = tabs[next]!;
    tab.focus();
    if (tab.getAttribute('aria-selected') !== 'true') tab.click();
  };
  return (
    <div className={className} role="tablist" aria-label={label} onKeyDown={move}>
      {children}
    </div>
  );
}
