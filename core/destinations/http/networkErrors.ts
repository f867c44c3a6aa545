import { errorCode, errorMessage } from '../results.js';
import { describeUrl, scrubSecrets } from './redact.js';

/** Network failures that say nothing about the request itself: worth another attempt. */
export const RETRYABLE_CODES = new Set([
  'EBB_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
]);

export const isRetryableNetworkError = (err: unknown): boolean => {
  const code = errorCode(err);
  return code !== undefined && RETRYABLE_CODES.has(code);
};

/** A network error in words that name the fix, without any secret of the URL or headers. */
export function explainNetworkError(
  err: unknown,
  url: URL,
  timeoutMs: number,
  secrets: readonly string[],
): string {
  const code = errorCode(err) ?? '';
  const safeUrl = describeUrl(url);
  const host = url.hostname;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  switch (code) {
    case 'EBB_TIMEOUT':
      return `${safeUrl} did not answer within ${timeoutMs} ms`;
    case 'ENOTFOUND':
      return `cannot resolve host "${host}": check the URL's host name and the network`;
    case 'EAI_AGAIN':
      return `cannot resolve host "${host}" right now (DNS lookup failed temporarily)`;
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${host}:${port} (connection refused): check the URL's host and port and that the service is running`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return `${safeUrl} dropped the connection (${code})`;
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
      return `cannot reach ${host}:${port} (${code}): check the network and firewall`;
  }
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code)) {
    return `TLS certificate problem with ${host} (${code}): the server's certificate is not trusted`;
  }
  return `request to ${safeUrl} failed: ${scrubSecrets(errorMessage(err), secrets)}`;
}
