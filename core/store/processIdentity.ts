import fs from 'node:fs';

/**
 * What tells one process from a later one given the same pid: the boot it started in and its
 * start time (clock ticks since boot, field 22 of /proc/PID/stat). Undefined where there is no
 * /proc (macOS, Windows): there a lock falls back to whether the pid is alive.
 */
export function processIdentity(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = fields[22 - 3];
    if (!startTicks) return undefined;
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}:${startTicks}`;
  } catch {
    return undefined;
  }
}
