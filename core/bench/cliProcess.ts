import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** The process's peak resident memory (VmHWM, read from /proc while it runs); null off Linux. */
  peakRssMb: number | null;
  /**
   * CPU seconds of the process, all threads (user + system, from /proc while it runs; the last
   * 20 ms are missed); null off Linux. Steadier than wall time on a shared machine.
   */
  cpuSeconds: number | null;
}

/** user + system CPU seconds of a running process (clock ticks of 1/100 s, as Linux reports). */
function cpuTime(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Reads VmHWM (peak RSS so far) of a running process, in MB. */
function peakRss(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}

/**
 * Runs `ebb …` (electron/bin/ebb.cjs, the package's bin, as a user would) and measures its wall time and peak RSS.
 * The peak is polled from /proc every 20 ms; VmHWM only grows, so the last reading before the
 * exit misses at most the final 20 ms.
 */
export function runEbb(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [path.join(projectRoot, 'electron/bin/ebb.cjs'), ...args],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let peak: number | null = null;
    let cpu: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const poll = setInterval(() => {
      const now = child.pid === undefined ? null : peakRss(child.pid);
      if (now !== null) peak = Math.max(peak ?? 0, now);
      const used = child.pid === undefined ? null : cpuTime(child.pid);
      if (used !== null) cpu = Math.max(cpu ?? 0, used);
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({
        code,
        stdout,
        stderr,
        seconds: (performance.now() - started) / 1000,
        peakRssMb: peak,
        cpuSeconds: cpu,
      });
    });
  });
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
