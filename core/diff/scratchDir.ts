import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The folders DuckDB writes staged lines into for delivery (stagedLines.ts, exportDelivery.ts). */
export type ScratchKind = 'ebb-staged' | 'ebb-lines';

/** `<kind>-<pid>-<mkdtemp's six characters>`: the pid of the process that made it. */
const SCRATCH = /^ebb-(?:staged|lines)-(\d+)-[A-Za-z0-9]{6}$/;

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
 * of a live process (another Ebb running, this one) is never touched; nor is a folder without a
 * pid in its name (made before the pid was, its owner unknown). Never throws: a folder that
 * cannot be read or removed stays.
 */
export async function sweepScratchDirs(root = os.tmpdir()): Promise<string[]> {
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    const pid = SCRATCH.exec(entry.name)?.[1];
    // Folders only: a symlink of that name is not followed.
    if (pid === undefined || !entry.isDirectory() || isAlive(Number(pid))) continue;
    const dir = path.join(root, entry.name);
    try {
      await fs.rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another sweeper's, or not ours to remove: left as it is.
    }
  }
  return removed;
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
