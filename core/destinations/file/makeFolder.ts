import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes a file destination's folder and any missing parents, readable by its owner only (the
 * records are the analyst's data). Answers the absolute path; an existing folder is left as is.
 */
export async function makeFolder(folder: string): Promise<string> {
  const dir = path.resolve(folder);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}
