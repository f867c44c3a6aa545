import type { RunningApp } from './fixtures';

/**
 * What a test sets up through the API before it opens the page (the app's own forms are tested
 * where a test walks them): models, destinations and syncs, one call each.
 */

/** The SQL of the first `upTo` Sample warehouse users, `columns` of them. */
export const firstUsers = (upTo: number, columns = 'user_id, email') =>
  `select ${columns} from main.users where user_id <= ${upTo}`;

/** Adds a model on the Sample warehouse with id column user_id, unless `on` names others. */
export async function addModel(
  app: RunningApp,
  name: string,
  sql: string,
  on: { warehouse?: string; idColumn?: string } = {},
): Promise<void> {
  const { warehouse = 'Sample warehouse', idColumn = 'user_id' } = on;
  await app.api('models.add', { name, warehouse, sql, idColumn });
}

/** Adds a destination with `config` (its type and settings); answers what the API answers. */
export async function addDestination(app: RunningApp, name: string, config: object) {
  return app.api('destinations.add', { name, config });
}

/** Adds a file destination writing into `folder` (in the destination's default format unless told). */
export async function addFileDestination(
  app: RunningApp,
  name: string,
  folder: string,
  format?: 'jsonl' | 'csv',
): Promise<void> {
  await addDestination(app, name, { type: 'file', path: folder, format });
}

/** Adds a manual sync of `model` to `destination`, with its ops settings when given. */
export async function addSync(
  app: RunningApp,
  name: string,
  model: string,
  destination: string,
  ops?: { logToWarehouse?: boolean; retrySyncs?: number },
): Promise<void> {
  await app.api('syncs.add', { name, model, destination, ops });
}

/**
 * The first five Sample users as model Users, synced by hand ("Users out") to the file
 * destination Files writing into `folder`.
 */
export async function addUsersOut(app: RunningApp, folder: string): Promise<void> {
  await addModel(app, 'Users', firstUsers(5));
  await addFileDestination(app, 'Files', folder);
  await addSync(app, 'Users out', 'Users', 'Files');
}
