import type { ButtonHTMLAttributes } from 'react';

/**
 * One tab of a `role="tablist"`: announced as selected or not, drawn as a `tab` (or a `segment`
 * of a segmented switch) that is `active` when selected.
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
      className={selected ? `${look} active` : look}
      {...rest}
    />
  );
}
