import fs from 'node:fs';
import { EbbError } from '../errors.js';

/**
 * Makes sure `home` exists and only its owner can write it, before anything is read from it.
 * Whoever can write the home can swap the config store, the key file or a DuckDB warehouse the
 * store points at, so a home another user can write (group/other-writable, or owned by another
 * uid) is refused with the command that fixes it. A missing home is created owner-only.
 * Windows homes live under the user's profile with its ACLs; there is no mode to check.
 */
export function ensurePrivateHome(home: string): void {
  if (!fs.existsSync(home)) fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const stat = fs.statSync(home);
  if (!stat.isDirectory()) {
    throw new EbbError(
      'UNSAFE_HOME',
      `The Ebb home ${home} is not a folder. Point --home (or EBB_HOME) at a folder.`,
    );
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new EbbError(
      'UNSAFE_HOME',
      `The Ebb home ${home} belongs to another user (uid ${stat.uid}; you are uid ${uid}), who ` +
        `could change its config store and keys. Use a folder you own with --home, or take it over: chown -R ${uid} ${home}`,
    );
  }
  const mode = stat.mode & 0o777;
  if ((mode & 0o022) !== 0) {
    throw new EbbError(
      'UNSAFE_HOME',
      `The Ebb home ${home} can be written by other users (mode ${mode.toString(8)}), who could ` +
        `replace its config store or keys. Run: chmod go-w ${home}`,
    );
  }
}
