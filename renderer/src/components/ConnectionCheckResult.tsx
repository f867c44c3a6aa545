import type { ReactNode } from 'react';

/**
 * What "Test connection" found, shown under a form (both forms test unsaved values); `fix` is an
 * action offered with a failure (the file destination's "Create folder").
 */
export function ConnectionCheckResult({
  check,
  fix,
}: {
  check: { isSuccess: boolean; isError: boolean; data?: { tookMs: number }; error: Error | null };
  fix?: ReactNode;
}) {
  if (check.isSuccess && check.data) {
    return (
      <p className="form-ok" role="status">
        Connection OK ({check.data.tookMs} ms).
      </p>
    );
  }
  if (check.isError && check.error) {
    return (
      <div className="form-error check-failed" role="alert">
        <span>Connection failed: {check.error.message}</span>
        {fix}
      </div>
    );
  }
  return null;
}
