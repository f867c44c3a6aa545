/** What "Test connection" found, shown under a form (both forms test unsaved values). */
export function ConnectionCheckResult({
  check,
}: {
  check: { isSuccess: boolean; isError: boolean; data?: { tookMs: number }; error: Error | null };
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
      <p className="form-error" role="alert">
        Connection failed: {check.error.message}
      </p>
    );
  }
  return null;
}
