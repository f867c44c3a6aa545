import { MASK, maskUrl } from '../secrets/mask.js';
import type { DestinationConfigInput } from './config.js';

/** The settings a user may see: header values and passwords never leave the engine. */
export function maskedSettings(config: DestinationConfigInput): Record<string, unknown> {
  switch (config.type) {
    case 'file':
      return { ...config };
    case 'webhook':
      return {
        ...config,
        url: maskUrl(config.url),
        headers: Object.fromEntries(Object.keys(config.headers ?? {}).map((key) => [key, MASK])),
      };
    case 'postgres':
      return { ...config, url: maskUrl(config.url) };
  }
}

export function destinationTarget(config: DestinationConfigInput): string {
  switch (config.type) {
    case 'file':
      return `${config.path} (${config.format ?? 'jsonl'})`;
    case 'webhook':
      return `POST ${maskUrl(config.url)}`;
    case 'postgres':
      return `${maskUrl(config.url)} → ${config.schema ?? 'public'}.${config.table}`;
  }
}

/** What the config store keeps in the clear about a destination: nothing secret. */
export const describeDestination = (config: DestinationConfigInput) => ({
  target: destinationTarget(config),
  settings: maskedSettings(config),
});
