import fs from 'node:fs';
import type { WarehouseAdapter } from '../warehouse/types.js';

/** MariaDB keeps the profiles of at most this many statements per session. */
const MAX_PROFILED = 100;

/**
 * Starts SHOW PROFILE with an empty history. A history size of 0 forgets earlier profiles only
 * while profiling is on (MariaDB prunes the history as it stores a statement's profile): set
 * while it was off, the next sum counted the statements profiled before too (the diff bench's
 * diff counted its raw scan's CPU).
 */
export async function startProfiling(adapter: WarehouseAdapter, history = MAX_PROFILED) {
  await adapter.execute('set profiling = 1');
  await adapter.execute('set profiling_history_size = 0');
  await adapter.execute(`set profiling_history_size = ${history}`);
}

/**
 * MySQL/MariaDB's own CPU seconds (SHOW PROFILE's CPU_user + CPU_system, summed over every
 * statement `work` runs on the adapter's session). On a machine shared with other work, wall
 * time stretches with the load while CPU seconds barely move, so the ratio of two of them says
 * more than the ratio of wall times. MariaDB reads the whole server process's CPU for a profile
 * (a `select sleep(1.5)` was charged 1.5 CPU s while another session hashed a table), so the
 * server's background threads and other sessions count too: measure on an otherwise idle server.
 * Undefined when the session profiled more statements than the server keeps (the sum would be
 * short).
 */
export async function withServerCpu<T>(
  adapter: WarehouseAdapter,
  work: () => Promise<T>,
): Promise<[T, number | undefined]> {
  await startProfiling(adapter);
  try {
    const result = await work();
    const [row] = await adapter.query(
      `select coalesce(sum(cpu_user + cpu_system), 0) as cpu, count(distinct query_id) as n
         from information_schema.profiling`,
    );
    const profiled = Number(row?.n ?? 0);
    const cpu = profiled < MAX_PROFILED ? Number(row?.cpu ?? 0) : undefined;
    return [result, cpu];
  } finally {
    await adapter.execute('set profiling = 0');
  }
}

/** This process's CPU seconds (user + system, every thread: an embedded DuckDB's included). */
export async function withProcessCpu<T>(work: () => Promise<T>): Promise<[T, number]> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return [result, Math.round((used.user + used.system) / 1000) / 1000];
}

/**
 * The CPU seconds of the server thread running the adapter's session while `work` runs
 * (MariaDB's processlist TID, its /proc schedstat): this session's statements only, none of the
 * server's background threads, which SHOW PROFILE counts too. Undefined unless the server runs on
 * this machine (the thread must belong to the process named by the server's pid file).
 */
export async function withSessionThreadCpu<T>(
  adapter: WarehouseAdapter,
  work: () => Promise<T>,
): Promise<[T, number | undefined]> {
  const thread = await sessionThread(adapter);
  const before = thread === undefined ? undefined : threadCpuNs(thread);
  const result = await work();
  const after = thread === undefined ? undefined : threadCpuNs(thread);
  return [
    result,
    before === undefined || after === undefined
      ? undefined
      : Math.round((after - before) / 1e6) / 1000,
  ];
}

async function sessionThread(adapter: WarehouseAdapter): Promise<number | undefined> {
  try {
    const [row] = await adapter.query(
      `select tid, @@pid_file as pid_file from information_schema.processlist
        where id = connection_id()`,
    );
    const pid = Number(fs.readFileSync(String(row?.pid_file), 'utf8').trim());
    const status = fs.readFileSync(`/proc/${Number(row?.tid)}/status`, 'utf8');
    return Number(/^Tgid:\s*(\d+)/m.exec(status)?.[1]) === pid ? Number(row?.tid) : undefined;
  } catch {
    return undefined;
  }
}

function threadCpuNs(tid: number): number | undefined {
  try {
    return Number(fs.readFileSync(`/proc/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}
