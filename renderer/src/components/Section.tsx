import type { ReactNode } from 'react';

/**
 * A titled part of a panel (a region named `label`): its title (with a count badge) and any
 * actions beside it, then its content.
 */
export function Section({
  label,
  title = label,
  badge,
  actions,
  className,
  children,
}: {
  label: string;
  title?: ReactNode;
  /** A count beside the title. */
  badge?: ReactNode;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-label={label} className={className}>
      <div className="section-head">
        <h3 className="section-title">
          {title}
          {badge !== undefined && (
            <>
              {' '}
              <span className="badge">{badge}</span>
            </>
          )}
        </h3>
        {actions}
      </div>
      {children}
    </section>
  );
}
