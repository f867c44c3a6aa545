import { defineDestination } from '../definition.js';
import { FileDestination } from './fileDestination.js';
import { fileSettings } from './settings.js';

export const fileDestination = defineDestination({
  type: 'file',
  label: 'Files',
  description: 'One file per run in a folder: JSON Lines (one change per line) or CSV.',
  deletes: 'written as lines with op "deleted"',
  limits: { recordsPerRequest: 5000 },
  settings: fileSettings,
  create: (settings, deps) => new FileDestination(settings, deps.now),
  target: (settings) => `${settings.path} (${settings.format})`,
});
