import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort, testDatabaseServer, type TestDatabaseServer } from './databaseServer.js';

/** The administrator is `root`. */
export type TestMariadb = TestDatabaseServer;

const PASSWORD = 'ebb-test-password';
const run = promisify(execFile);

/** Whether Debian's `mariadb-server` is installed (`.ci/run` installs it). */
export function mariadbInstalled(): boolean {
  return ['/usr/sbin/mariadbd', '/usr/bin/mariadbd'].some((file) => fs.existsSync(file));
}

async function waitForServer(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`mariadbd exited (${child.exitCode}): ${fs.readFileSync(log, 'utf8')}`);
    }
    try {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await connection.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * A real MariaDB server for tests (Debian's `mariadb-server`), on a free loopback port, in a
 * temporary data folder. Runs as root here, which mariadbd allows with `--user=root`.
 */
export async function startTestMariadb(): Promise<TestMariadb> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-mariadb-'));
  const datadir = path.join(dir, 'data');
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${datadir}`,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  const log = path.join(dir, 'server.log');
  const out = fs.openSync(log, 'a');
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(dir, 'sock')}`,
      `--pid-file=${path.join(dir, 'pid')}`,
      // Its own temporary folder: the shared /tmp is cleaned by others while a query runs.
      `--tmpdir=${dir}`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-buffer-pool-size=256M',
      '--skip-log-bin',
    ],
    { stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  try {
    await waitForServer(port, child, log);
    const root = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
    await root.query(`alter user 'root'@'localhost' identified by '${PASSWORD}'`);
    // Anonymous accounts would shadow the test's own users connecting from localhost.
    const [anonymous] = await root.query<mysql.RowDataPacket[]>(
      `select host from mysql.user where user = ''`,
    );
    for (const row of anonymous) await root.query(`drop user ''@'${String(row.host)}'`);
    await root.end();
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const urlFor = (db: string) => `mysql://root:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const create = async (name: string) => {
    const connection = await mysql.createConnection({
      host: '127.0.0.1',
      port,
      user: 'root',
      password: PASSWORD,
    });
    try {
      await connection.query(`create database \`${name.replace(/`/g, '``')}\``);
    } finally {
      await connection.end();
    }
  };
  return testDatabaseServer(port, urlFor, create, async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
