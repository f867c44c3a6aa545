import { maskUrl } from '../../secrets/mask.js';
import { defineDestination } from '../definition.js';
import { PostgresDestination } from './postgresDestination.js';
import { postgresSettings } from './settings.js';

export const postgresDestination = defineDestination({
  type: 'postgres',
  label: 'PostgreSQL',
  description: 'Upserts into a table keyed by the id (created with typed columns if absent).',
  deletes: 'deleted from the table (mirror mode)',
  settings: postgresSettings,
  create: (settings) => new PostgresDestination(settings),
  target: (settings) => `${maskUrl(settings.url)} → ${settings.schema}.${settings.table}`,
});
