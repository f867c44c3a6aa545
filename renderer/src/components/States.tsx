import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Button } from './Button';

/** An empty tray: nothing here yet (a dashed circle read as a spinner). */
export function EmptyIcon() {
  return (
    <svg className="state-icon" aria-hidden="true" viewBox="0 0 24 24" width="28" height="28">
      <path
        d="M3 13l2.5-7h13L21 13v5a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-5zm0 0h5l1.5 2.5h5L16 13h5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The three states every screen has besides its content. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="state state-empty" role="status">
      <EmptyIcon />
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}

export function LoadingState({ label }: { label: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}

export function ErrorState({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" role="alert">
      <h2>{title}</h2>
      <p className="error-message">{message}</p>
      {onRetry && <Button onClick={onRetry}>Try again</Button>}
    </div>
  );
}

/** Where the data behind a part stands: loading and failed are states of the part, not the screen. */
export interface LoadState {
  loading?: boolean;
  /** Anything but undefined/null means the data could not be read. */
  error?: unknown;
  onRetry?: () => void;
}

/** Whether the data is there (neither loading nor failed). */
export const isSettled = (state: LoadState): boolean =>
  !state.loading && (state.error === undefined || state.error === null);

/** The error or loading state in the part's place, or null once its data is there. */
export function LoadStateView({
  state,
  loadingLabel,
  errorTitle,
}: {
  state: LoadState;
  loadingLabel: string;
  errorTitle: string;
}) {
  if (state.error !== undefined && state.error !== null)
    return <ErrorState title={errorTitle} error={state.error} onRetry={state.onRetry} />;
  if (state.loading) return <LoadingState label={loadingLabel} />;
  return null;
}

/**
 * React-query results as one LoadState: loading while any is pending, failed with the first error,
 * and a retry that reads them all again.
 */
export const queryState = (
  ...queries: { isPending: boolean; error: unknown; refetch: () => unknown }[]
): LoadState => ({
  loading: queries.some((query) => query.isPending),
  error: queries.find((query) => query.error !== null && query.error !== undefined)?.error,
  onRetry: () => queries.forEach((query) => void query.refetch()),
});

/** A query's data drawn by `children`, or its loading or error state (with a retry) in its place. */
export function QueryView<T>({
  query,
  loadingLabel,
  errorTitle,
  children,
}: {
  query: UseQueryResult<T>;
  loadingLabel: string;
  errorTitle: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState label={loadingLabel} />;
  if (query.isError)
    return (
      <ErrorState title={errorTitle} error={query.error} onRetry={() => void query.refetch()} />
    );
  return <>{children(query.data)}</>;
}
