import { defineDestination } from '../definition.js';
import { maskUrl } from '../../secrets/mask.js';
import { webhookSettings } from './settings.js';
import { WebhookDestination } from './webhookDestination.js';

export const webhookDestination = defineDestination({
  type: 'webhook',
  label: 'Webhook',
  description:
    'POST {"batch":[change…]} to a URL; 207 {"errors":[{"id","message"}]} names refused records.',
  deletes: 'sent as changes with op "deleted"',
  settings: webhookSettings,
  create: (settings, deps) => new WebhookDestination(settings, deps.http),
  target: (settings) => `POST ${maskUrl(settings.url)}`,
});
