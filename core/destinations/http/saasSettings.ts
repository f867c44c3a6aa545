import { countSetting, timeoutSetting } from '../settingFields.js';
import { retrySetting } from './retryPolicy.js';

/** Requests in flight at once, folded under "Advanced". */
export const concurrencySetting = (range: { max: number; default: number }) =>
  countSetting(range, {
    label: 'Concurrency',
    help: 'Requests in flight at once.',
    advanced: true,
  });

/** The HTTP settings every SaaS type shares, folded under "Advanced" in the form. */
export const httpTuning = (defaults: { concurrency: number }) => ({
  concurrency: concurrencySetting({ max: 64, default: defaults.concurrency }),
  timeoutMs: timeoutSetting(30_000),
  retry: retrySetting(),
});
