import { MASK } from '../../secrets/mask.js';

/**
 * A channel URL fit to show: its origin only. A Slack incoming webhook's path is its token
 * (https://hooks.slack.com/services/T…/B…/secret), and a webhook's path or query may be too.
 */
export function maskChannelUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname === '/' && !parsed.search ? parsed.origin : `${parsed.origin}/${MASK}`;
  } catch {
    return '(unparseable URL)';
  }
}
