import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The folders DuckDB writes staged lines into for delivery (stagedLines.ts, exportDelivery.ts). */
export type ScratchKind = 'ebb-staged' | 'ebb-lines';

/** `<kind>-<pid>-<mkdtemp's six characters>`: the pid of the process that made it. */
const SCRATCH = /^ebb-(?:staged|lines)-(\d+)-[A-Za-z0-9]{6}$/;
/** `<kind>-<six characters>`: made by an Ebb from before the pid was in the name. */
const UNOWNED = /^ebb-(?:staged|lines)-[A-Za-z0-9]{6}$/;
/**
 * A folder without a pid untouched this long is a killed run's: a delivery writes a file into
 * its folder every few seconds at most (a range, a page of lines), which moves the mtime.
 */
export const UNOWNED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * A new scratch folder in `root` (the temp folder), named after this process's pid, made once
 * the folders of processes no longer alive are removed. Its maker removes it when done; a
 * process killed first (SIGKILL, a crash) leaves it, up to hundreds of MB, for the next one.
 */
export async function makeScratchDir(kind: ScratchKind, root = os.tmpdir()): Promise<string> {
  await sweepScratchDirs(root);
  return fs.mkdtemp(path.join(root, `${kind}-${process.pid}-`));
}

/**
 * Removes the scratch folders in `root` whose process is gone, and answers their paths. A folder
 * of a live process (another Ebb running, this one) is never touched. A folder without a pid in
 * its name (made before the pid was, its owner unknown) goes only once untouched for a day
 * (UNOWNED_AFTER_MS). Never throws: a folder that cannot be read or removed stays.
 */
export async function sweepScratchDirs(root = os.tmpdir(), now = Date.now()): Promise<string[]> {
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    // Folders only: a symlink of that name is not followed.
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    const pid = SCRATCH.exec(entry.name)?.[1];
    const gone =
      pid !== undefined
        ? !isAlive(Number(pid))
        : UNOWNED.test(entry.name) && (await untouchedSince(dir, now - UNOWNED_AFTER_MS));
    if (!gone) continue;
    try {
      await fs.rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another sweeper's, or not ours to remove: left as it is.
    }
  }
  return removed;
}

/** Whether `dir` was last modified before `time` (false when it cannot be read). */
async function untouchedSince(dir: string, time: number): Promise<boolean> {
  const stat = await fs.stat(dir).catch(() => undefined);
  return stat !== undefined && stat.mtimeMs < time;
}

/**
 * Whether a process `pid` runs: signal 0 checks without sending. EPERM is a process of another
 * user, alive; only ESRCH says there is none. A pid reused since keeps the folder (a leak, never
 * a loss).
 */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
