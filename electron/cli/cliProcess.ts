import { writeSync } from 'node:fs';
import { runCli } from './runCli.js';

/**
 * Writes to fd 1 or 2 with fs.writeSync rather than through process.stdout: the first read of
 * process.stdout on a pipe (how a script or the bench runs `ebb`) loads node:net and node:stream
 * (~7 ms CPU of a start, electron/README.md). A command's answer is printed once, at its end, so
 * nothing is lost by not buffering it. Node's stream takes over for good (so the order holds)
 * on a write error (EAGAIN of a non-blocking descriptor), and once a long-running command waits
 * for its interruption (`ebb serve`, `ebb scheduler`: a reader that stops reading their log must
 * not block their event loop). A reader that closed its end (EPIPE) gets nothing more, and the
 * command goes on to its own exit code.
 */
function output(fd: 1 | 2, stream: () => NodeJS.WriteStream) {
  let direct = true;
  /** The reader went away (`ebb runs s | head`): the rest is dropped, as other commands do. */
  let gone = false;
  let watched = false;
  const viaStream = () => {
    const out = stream();
    if (!watched) {
      watched = true;
      // Without a listener, the stream's EPIPE was an uncaught 'error': a Node stack trace on
      // stderr and exit code 1 in place of the command's own.
      out.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') gone = true;
        else throw error;
      });
    }
    return out;
  };
  const write = (text: string) => {
    if (gone) return;
    if (!direct) {
      viaStream().write(text);
      return;
    }
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
        gone = true;
        return;
      }
      direct = false;
      viaStream().write(bytes.subarray(written));
    }
  };
  return { write, toStream: () => void (direct = false) };
}

/** The `ebb` process: one command line with this process's stdio, environment and signals. */
export async function runCliProcess(argv: readonly string[]): Promise<void> {
  const stdout = output(1, () => process.stdout);
  const stderr = output(2, () => process.stderr);
  const code = await runCli(argv, {
    stdout: stdout.write,
    stderr: stderr.write,
    env: process.env,
    interrupted: () => {
      stdout.toStream();
      stderr.toStream();
      return new Promise<void>((resolve) => {
        // Signal listeners do not keep Node running, and the scheduler's timer is unref'd (the
        // desktop app must be free to quit): without this, `ebb scheduler` ended at once.
        const alive = setInterval(() => undefined, 2 ** 30);
        const stop = () => {
          clearInterval(alive);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  });
  process.exitCode = code;
}
