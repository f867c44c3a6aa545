/** Links the app may open in the user's browser: http(s) to these hosts only. */
const ALLOWED_HOSTS = new Set(['github.com', 'duckdb.org', 'www.postgresql.org']);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
      ALLOWED_HOSTS.has(parsed.hostname)
    );
  } catch {
    return false;
  }
}
